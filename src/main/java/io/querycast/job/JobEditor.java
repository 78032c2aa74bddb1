package io.querycast.job;

import io.querycast.config.JobDefaults;

import io.querycast.config.ConfigError;
import io.querycast.config.ConfigErrors;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.PlaceholderResolver;
import io.querycast.query.QueryLibrary;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Creates, replaces and deletes job files for the API, each change checked as at start before anything is
 * written, against the entity tag the caller read (optimistic concurrency), written atomically, recorded in the
 * audit with its field-level changes, and put in force by live reload between runs. One change at a time in
 * this instance (the reload's lock): the check of the tag and the write cannot interleave with another change.
 */
public final class JobEditor {

    /** Why a change was refused. */
    public enum Refusal {
        /** the job file would have mistakes (they are listed) */
        INVALID,
        /** a job or a file of that id exists already */
        EXISTS,
        /** no such job */
        NOT_FOUND,
        /** the caller's entity tag is not the file's any more */
        STALE,
        /** the caller sent no entity tag */
        TAG_REQUIRED
    }

    public static final class RefusedException extends RuntimeException {
        private final Refusal refusal;
        private final transient List<ConfigError> errors;

        RefusedException(Refusal refusal, String message, List<ConfigError> errors) {
            super(message);
            this.refusal = refusal;
            this.errors = List.copyOf(errors);
        }

        public Refusal refusal() {
            return refusal;
        }

        public List<ConfigError> errors() {
            return errors;
        }
    }

    /** A change made: the file, its new tag (null once deleted), what changed, whether it waits for a run to end. */
    public record Written(String jobId, String file, String etag, List<JobFieldDiff.Change> changes, boolean waiting) {
    }

    /** The file of a job as it is now: its text and its tag. */
    public record Current(String jobId, Path file, String text, String etag) {
    }

    private final JobFiles files;
    private final JobReloader reloader;
    private final JobAudit audit;
    private final JobCatalog catalog;
    private final PlaceholderResolver placeholders;
    private final ConnectionsReader.Read connections;
    private final Path queriesDir;
    private final JobDefaults defaults;
    private final Clock clock;
    private final String instanceId;
    private final Path jobsDirShown;

    JobEditor(Path jobsDirShown, JobFiles files, JobReloader reloader, JobAudit audit, JobCatalog catalog, PlaceholderResolver placeholders,
              ConnectionsReader.Read connections, Path queriesDir, JobDefaults defaults, Clock clock, String instanceId) {
        this.jobsDirShown = jobsDirShown;
        this.files = files;
        this.reloader = reloader;
        this.audit = audit;
        this.catalog = catalog;
        this.placeholders = placeholders;
        this.connections = connections;
        this.queriesDir = queriesDir;
        this.defaults = defaults;
        this.clock = clock;
        this.instanceId = instanceId;
    }

    /** The job's file now (the one in force, or a file of that name with mistakes). */
    public Optional<Current> current(String jobId) {
        if (!JobsReader.isJobId(jobId)) {
            return Optional.empty();
        }
        Optional<Path> file = catalog.find(jobId).map(j -> Path.of(j.file())).filter(files::holds).or(() -> files.existing(jobId));
        return file.flatMap(f -> Optional.ofNullable(JobFiles.read(f)).map(text -> new Current(jobId, f, text, JobFiles.etag(text))));
    }

    public Written create(String jobId, String text, String by) {
        checkId(jobId);
        synchronized (reloader) {
            if (catalog.find(jobId).isPresent() || files.existing(jobId).isPresent()) {
                throw new RefusedException(Refusal.EXISTS, "job '" + jobId + "' exists already: change it with PUT /api/jobs/" + jobId, List.of());
            }
            Path file = files.newFile(jobId);
            validate(jobId, text, file);
            JobFiles.writeAtomically(file, text);
            return recorded(jobId, file, null, text, JobAudit.Action.CREATE, by);
        }
    }

    public Written replace(String jobId, String text, String ifMatch, String by) {
        checkId(jobId);
        synchronized (reloader) {
            Current now = current(jobId).orElseThrow(() -> notFound(jobId));
            checkTag(now, ifMatch);
            validate(jobId, text, now.file());
            JobFiles.writeAtomically(now.file(), text);
            return recorded(jobId, now.file(), now.text(), text, JobAudit.Action.REPLACE, by);
        }
    }

    public Written delete(String jobId, String ifMatch, String by) {
        checkId(jobId);
        synchronized (reloader) {
            Current now = current(jobId).orElseThrow(() -> notFound(jobId));
            checkTag(now, ifMatch);
            JobFiles.delete(now.file());
            return recorded(jobId, now.file(), now.text(), null, JobAudit.Action.DELETE, by);
        }
    }

    private Written recorded(String jobId, Path file, String before, String after, JobAudit.Action action, String by) {
        List<JobFieldDiff.Change> changes = JobFieldDiff.between(before, after);
        reloader.written(file, after);
        audit.record(new JobAudit.Entry(jobId, action, by, clock.instant(), shown(file), changes, instanceId));
        reloader.reload("file");
        return new Written(jobId, shown(file), after == null ? null : JobFiles.etag(after), changes, reloader.waiting(jobId));
    }

    /** The file as the jobs directory is configured (relative when it is), as start-time errors name it. */
    private String shown(Path file) {
        return jobsDirShown.resolve(file.getFileName()).toString();
    }

    private void validate(String jobId, String text, Path file) {
        ConfigErrors errors = new ConfigErrors();
        JobsReader reader = new JobsReader(placeholders, connections, new QueryLibrary(queriesDir), defaults);
        Path shown = jobsDirShown.resolve(file.getFileName());
        ExportJob job = reader.readText(text, shown, errors);
        if (job == null) {
            throw new RefusedException(Refusal.INVALID, errors.size() + " mistake(s) in the job; nothing was written", errors.all());
        }
        if (!job.id().equals(jobId)) {
            throw new RefusedException(Refusal.INVALID, "the job's id '" + job.id() + "' is not '" + jobId + "', the id it is written for", List.of());
        }
        catalog.all().stream().filter(j -> j.id().equals(job.id()) && !Path.of(j.file()).toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize()))
                .findFirst().ifPresent(j -> {
                    throw new RefusedException(Refusal.EXISTS, "job id '" + job.id() + "' is used by " + j.file(), List.of());
                });
    }

    private static void checkTag(Current now, String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new RefusedException(Refusal.TAG_REQUIRED, "If-Match required: send the ETag of GET /api/jobs/" + now.jobId()
                    + " so that a change made since you read the job is not overwritten", List.of());
        }
        String tag = ifMatch.trim();
        boolean matches = tag.equals("*") || java.util.Arrays.stream(tag.split(",")).map(String::trim)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t).anyMatch(now.etag()::equals);
        if (!matches) {
            throw new RefusedException(Refusal.STALE, "job '" + now.jobId() + "' was changed since you read it (its ETag is now "
                    + now.etag() + "): read it again, then apply your change", List.of());
        }
    }

    private static void checkId(String jobId) {
        if (!JobsReader.isJobId(jobId)) {
            throw new RefusedException(Refusal.INVALID, "'" + shownId(jobId) + "' is not a job id: 1-100 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit", List.of());
        }
    }

    private static String shownId(String id) {
        String clean = String.valueOf(id).replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }

    private static RefusedException notFound(String jobId) {
        return new RefusedException(Refusal.NOT_FOUND, "unknown job '" + jobId + "'", List.of());
    }
}

package io.querycast.job;

import io.querycast.config.JobDefaults;

import io.querycast.config.ConfigError;
import io.querycast.config.ConfigErrors;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.PlaceholderResolver;
import io.querycast.query.QueryFile;
import io.querycast.query.QueryLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Live reload of the job and query files: reads them all again, exactly as at start (the same reader, the
 * connections of the start), and hands every job whose valid version differs from the one in force to
 * {@link RouteSwaps}, which puts it in force between runs. A file with mistakes is reported
 * ({@link #problems()}, the log) and changes nothing: the job's previous good version keeps running, with the
 * previous good version of its query file too when that changed as well ({@link QueryLibrary#hold}). Edits on
 * disk are recorded in the audit as {@code reload}; the API's own writes are recorded by {@link JobEditor}.
 */
public final class JobReloader {

    private static final Logger LOG = LoggerFactory.getLogger(JobReloader.class);

    /** What one reload found: the jobs changed, and every file with mistakes. */
    public record Report(List<String> added, List<String> replaced, List<String> removed, Map<String, List<ConfigError>> problems) {
    }

    private final Path jobsDir;
    private final Path queriesDir;
    private final PlaceholderResolver placeholders;
    private final ConnectionsReader.Read connections;
    private final JobDefaults defaults;
    private final JobCatalog catalog;
    private final QueryLibrary runtimeQueries;
    private final RouteSwaps swaps;
    private final JobAudit audit;
    private final Clock clock;
    private final String instanceId;
    /** the text of each job file as last seen: an edit on disk is what differs from it */
    private final Map<Path, String> seen = new LinkedHashMap<>();
    private final Map<String, QueryFile> goodQueries = new LinkedHashMap<>();
    private volatile Map<String, List<ConfigError>> problems = Map.of();

    JobReloader(Path jobsDir, Path queriesDir, PlaceholderResolver placeholders, ConnectionsReader.Read connections, JobDefaults defaults,
                JobCatalog catalog, QueryLibrary runtimeQueries, RouteSwaps swaps, JobAudit audit, Clock clock, String instanceId) {
        this.jobsDir = jobsDir;
        this.queriesDir = queriesDir;
        this.placeholders = placeholders;
        this.connections = connections;
        this.defaults = defaults;
        this.catalog = catalog;
        this.runtimeQueries = runtimeQueries;
        this.swaps = swaps;
        this.audit = audit;
        this.clock = clock;
        this.instanceId = instanceId;
        for (Path file : jobFiles()) {
            seen.put(key(file), JobFiles.read(file));
        }
        QueryLibrary fresh = new QueryLibrary(queriesDir);
        for (ExportJob job : catalog.all()) {
            try {
                goodQueries.put(job.queryFile(), fresh.load(job.queryFile()));
            } catch (RuntimeException e) {
                // read at start already: cannot fail here but for a race with an edit, which the next reload sees
            }
        }
    }

    /** Every job file with mistakes now, by file, with its errors: none of them is in force. */
    public Map<String, List<ConfigError>> problems() {
        return problems;
    }

    /** Whether a change of the job waits for its run in progress to end. */
    public boolean waiting(String jobId) {
        return swaps.isWaiting(jobId);
    }

    /** Reads every job and query file again and puts what changed in force (between runs). */
    public synchronized Report reload(String by) {
        Scan scan = scan();
        recordDiskEdits(by);
        return apply(scan);
    }

    /**
     * Checks every file first and changes nothing unless all of them are valid ({@code POST /api/reload}).
     *
     * @return the report; nothing was applied when its problems are not empty
     */
    public synchronized Report reloadAllOrNothing(String by) {
        Scan scan = scan();
        if (!scan.problems.isEmpty()) {
            problems = Map.copyOf(scan.problems);
            return new Report(List.of(), List.of(), List.of(), problems);
        }
        recordDiskEdits(by);
        return apply(scan);
    }

    /** The API wrote or deleted {@code file} and recorded it in the audit: not an edit on disk. */
    synchronized void written(Path file, String text) {
        if (text == null) {
            seen.remove(key(file));
        } else {
            seen.put(key(file), text);
        }
    }

    private record Scan(Map<String, ExportJob> valid, Map<String, List<ConfigError>> problems, Set<Path> brokenFiles, QueryLibrary queries) {
    }

    private Scan scan() {
        QueryLibrary fresh = new QueryLibrary(queriesDir);
        JobsReader reader = new JobsReader(placeholders, connections, fresh, defaults);
        Map<String, ExportJob> valid = new LinkedHashMap<>();
        Map<String, List<ConfigError>> found = new LinkedHashMap<>();
        Set<Path> broken = new LinkedHashSet<>();
        for (Path file : jobFiles()) {
            ConfigErrors errors = new ConfigErrors();
            ExportJob job = reader.read(file, errors);
            if (job == null) {
                found.put(file.toString(), errors.all());
                broken.add(key(file));
                continue;
            }
            ExportJob previous = valid.putIfAbsent(job.id(), job);
            if (previous != null) {
                found.put(file.toString(), List.of(new ConfigError(file.toString(), 0, null, "job id '" + job.id() + "' is already used by "
                        + previous.file(), "give one of them another file name or `id:`")));
                broken.add(key(file));
            }
        }
        return new Scan(valid, found, broken, fresh);
    }

    private Report apply(Scan scan) {
        List<String> added = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Map<String, ExportJob> target = new LinkedHashMap<>();
        catalog.all().forEach(j -> target.put(j.id(), j));
        swaps.waiting().forEach((id, next) -> next.ifPresentOrElse(j -> target.put(id, j), () -> target.remove(id)));
        for (ExportJob job : scan.valid.values()) {
            ExportJob current = target.get(job.id());
            if (current == null) {
                added.add(job.id());
                swaps.submit(job.id(), job);
            } else if (!current.equals(job)) {
                replaced.add(job.id());
                swaps.submit(job.id(), job);
            }
        }
        for (ExportJob current : target.values()) {
            if (scan.valid.containsKey(current.id())) {
                continue;
            }
            if (scan.brokenFiles.contains(key(Path.of(current.file())))) {
                LOG.warn("Live reload: job {}: {} has mistakes; the version read before keeps running: {}", current.id(), current.file(),
                        scan.problems.get(Path.of(current.file()).toString()));
                continue;
            }
            removed.add(current.id());
            swaps.submit(current.id(), null);
        }
        holdQueries(scan);
        scan.problems.forEach((file, errors) -> {
            if (!Objects.equals(problems.get(file), errors)) {
                LOG.warn("Live reload: {} has {} mistake(s), not put in force:\n  {}", file, errors.size(),
                        String.join("\n  ", errors.stream().map(ConfigError::toString).toList()));
            }
        });
        problems = Map.copyOf(scan.problems);
        if (!added.isEmpty() || !replaced.isEmpty() || !removed.isEmpty()) {
            LOG.info("Live reload: added {}, replaced {}, removed {} (each between runs)", added, replaced, removed);
        }
        return new Report(added, replaced, removed, problems);
    }

    /**
     * A query file used by a job that is not valid now keeps its last good version in force (the job's previous
     * version runs with it); once every job using it is valid, the file on disk is in force again.
     */
    private void holdQueries(Scan scan) {
        Set<String> queries = new LinkedHashSet<>();
        catalog.all().forEach(j -> queries.add(j.queryFile()));
        scan.valid.values().forEach(j -> queries.add(j.queryFile()));
        for (String query : queries) {
            boolean usedByBroken = catalog.all().stream()
                    .anyMatch(j -> j.queryFile().equals(query) && scan.brokenFiles.contains(key(Path.of(j.file()))));
            if (!usedByBroken) {
                try {
                    goodQueries.put(query, scan.queries.load(query));
                    if (runtimeQueries.held(query)) {
                        LOG.info("Live reload: query {} is valid again for every job using it: the file on disk is in force", query);
                    }
                    runtimeQueries.release(query);
                } catch (RuntimeException e) {
                    // only jobs being removed use it
                }
            } else if (goodQueries.containsKey(query) && !runtimeQueries.held(query)) {
                LOG.warn("Live reload: query {}: a job using it has mistakes now; the last good version of the query stays in force", query);
                runtimeQueries.hold(query, goodQueries.get(query));
            }
        }
    }

    private void recordDiskEdits(String by) {
        Set<Path> files = new LinkedHashSet<>(seen.keySet());
        jobFiles().forEach(f -> files.add(key(f)));
        for (Path file : files) {
            String text = JobFiles.read(file);
            String before = seen.get(file);
            if (Objects.equals(text, before)) {
                continue;
            }
            List<JobFieldDiff.Change> changes = JobFieldDiff.between(before, text);
            String id = jobIdOf(file, text, before);
            try {
                audit.record(new JobAudit.Entry(id, JobAudit.Action.RELOAD, by, clock.instant(), jobsDir.resolve(file.getFileName()).toString(),
                        changes, instanceId));
            } catch (RuntimeException e) {
                LOG.warn("Live reload: the change of {} could not be recorded in the audit: {}", file, e.toString());
            }
            if (text == null) {
                seen.remove(file);
            } else {
                seen.put(file, text);
            }
        }
    }

    /** The file's {@code id:} (new text, else the old), else its name. */
    private static String jobIdOf(Path file, String text, String before) {
        for (String t : new String[]{text, before}) {
            Map<String, String> fields = JobFieldDiff.flatten(t);
            String id = fields.get("id");
            if (id != null && JobsReader.isJobId(id)) {
                return id;
            }
        }
        return file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    }

    private List<Path> jobFiles() {
        if (!Files.isDirectory(jobsDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(jobsDir)) {
            return s.filter(p -> p.getFileName().toString().matches("(?i).+\\.(ya?ml|json)")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("Live reload: cannot list {}: {}", jobsDir, e.toString());
            return List.of();
        }
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    Optional<ExportJob> inForce(String id) {
        return catalog.find(id);
    }
}

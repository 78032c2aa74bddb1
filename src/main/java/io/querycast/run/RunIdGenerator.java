package io.querycast.run;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Run ids (export ids) in the form users know from the seed: {@code <query name>-yyyyMMddHHmmss}, with a
 * counter appended when that second is already taken, so an id is unique per run. An id is issued when a
 * run is requested, so "run now" can answer with it before the run starts; it is reserved in the history,
 * so instances sharing it never issue the same one.
 */
public final class RunIdGenerator {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final int REMEMBERED = 10_000;

    private final RunHistory history;
    private final Set<String> issued = new LinkedHashSet<>();

    public RunIdGenerator(RunHistory history) {
        this.history = history;
    }

    /** The id a run of this query starting at {@code at} gets when no other run took it: {@code <query>-yyyyMMddHHmmss}. */
    public static String baseId(String queryFile, LocalDateTime at) {
        return queryFile.replaceFirst("(?i)\\.sql$", "") + "-" + STAMP.format(at);
    }

    public synchronized String next(String queryFile, LocalDateTime at) {
        String base = baseId(queryFile, at);
        String id = base;
        for (int n = 2; issued.contains(id) || !history.reserve(id); n++) {
            id = base + "-" + n;
        }
        issued.add(id);
        if (issued.size() > REMEMBERED) {
            issued.remove(issued.iterator().next());
        }
        return id;
    }
}

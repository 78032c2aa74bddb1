package io.querycast.run;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Run ids in the form users know from the seed: {@code <query name>-yyyyMMddHHmmss}, with a counter
 * appended when that second is already taken, so an id is unique per run.
 */
final class RunIds {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private RunIds() {
    }

    static String next(String queryFile, LocalDateTime at, RunHistory history) {
        String base = queryFile.replaceFirst("(?i)\\.sql$", "") + "-" + STAMP.format(at);
        String id = base;
        for (int n = 2; history.exists(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }
}

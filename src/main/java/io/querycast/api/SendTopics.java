package io.querycast.api;

import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The topics the test tools ({@code POST /api/kafka/send}, {@code /batch}) may write: those matching
 * {@code querycast.api.send-topics} (names, or patterns where {@code *} stands for any characters; default
 * {@code *}), never a dead-letter topic (a job's {@code dead_letter_topic}, or any name ending in {@code .DLT},
 * which is also what HTTP events dead-letter to): a message placed there by hand would read as a record an
 * export failed to deliver.
 */
final class SendTopics {

    static final String DEAD_LETTER_SUFFIX = ".DLT";

    private final List<String> patterns;
    private final List<Pattern> allowed;
    private final JobCatalog jobs;

    SendTopics(List<String> patterns, JobCatalog jobs) {
        this.patterns = List.copyOf(patterns);
        this.allowed = patterns.stream().map(SendTopics::glob).toList();
        // the jobs in force now: live reload adds and removes jobs
        this.jobs = jobs;
    }

    /** Refuses (403) a topic the tools may not write. */
    void check(String topic) {
        boolean deadLetterTopic = jobs.all().stream().map(ExportJob::delivery).map(ExportJob.Delivery::deadLetterTopic).anyMatch(topic::equals);
        if (deadLetterTopic || topic.endsWith(DEAD_LETTER_SUFFIX)) {
            throw new ApiException(403, "topic '" + topic + "' is a dead-letter topic: the test tools never write to one");
        }
        if (allowed.stream().noneMatch(p -> p.matcher(topic).matches())) {
            throw new ApiException(403, "topic '" + topic + "' is not one the test tools may write (querycast.api.send-topics: " + patterns + ")");
        }
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(java.util.Arrays.stream(pattern.trim().split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }
}

package io.querycast.alerts;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A subject a rule's condition holds for now, and what it measured.
 *
 * @param labels  what the subject is: {@code job} or {@code kafka_connection}, only names from the configuration files
 * @param summary the measurement, for people: {@code success rate 75.0 % < 95.0 % over the last 5m (15 of 20 records sent)}
 */
public record Finding(Map<String, String> labels, String summary) {

    public Finding {
        labels = Map.copyOf(labels);
    }

    public static Finding job(String jobId, String summary) {
        return new Finding(Map.of("job", jobId), summary);
    }

    /** {@code job=x}: the alert's subject, the same for as long as the condition holds. */
    public String subject() {
        return labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}

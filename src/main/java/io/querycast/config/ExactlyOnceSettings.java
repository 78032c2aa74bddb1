package io.querycast.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code querycast.exactly-once.*}: the Kafka side of jobs with {@code exactly_once: true}
 * (docs/configuration.md#exactly-once, docs/reliability.md#exactly-once).
 *
 * @param transactionalIdPrefix each job's producer has {@code transactional.id = <prefix>.<job id>}. Two separate
 *                              Querycast deployments on one Kafka cluster must use different prefixes (they would fence
 *                              each other's producers); the instances of one HA cluster share it on purpose: Quartz runs a
 *                              job on one instance at a time, and the shared id fences a zombie instance. Default {@code querycast}
 * @param stateTopic            the compacted topic, on each exactly-once job's cluster, holding the jobs' committed watermarks
 *                              (key = job id); created with cleanup.policy=compact when missing. Default {@code querycast-state}
 * @param transactionTimeout    the producers' {@code transaction.timeout.ms}: a run open longer is aborted by the broker and
 *                              fails. At most the brokers' {@code transaction.max.timeout.ms} (default 15 min). Default 15 min
 */
@ConfigurationProperties("querycast.exactly-once")
public record ExactlyOnceSettings(String transactionalIdPrefix, String stateTopic, Duration transactionTimeout) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    /** after the patterns: its constructor uses them */
    public static final ExactlyOnceSettings DEFAULTS = new ExactlyOnceSettings(null, null, null);

    public ExactlyOnceSettings {
        transactionalIdPrefix = transactionalIdPrefix == null || transactionalIdPrefix.isBlank() ? "querycast" : transactionalIdPrefix;
        if (!PREFIX.matcher(transactionalIdPrefix).matches()) {
            throw new ConfigException("querycast.exactly-once.transactional-id-prefix: '" + transactionalIdPrefix
                    + "' must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        stateTopic = stateTopic == null || stateTopic.isBlank() ? "querycast-state" : stateTopic;
        if (!TOPIC.matcher(stateTopic).matches() || stateTopic.equals(".") || stateTopic.equals("..")) {
            throw new ConfigException("querycast.exactly-once.state-topic: '" + stateTopic + "' is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)");
        }
        transactionTimeout = transactionTimeout == null ? Duration.ofMinutes(15) : transactionTimeout;
        if (transactionTimeout.toMillis() < 1000 || transactionTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException("querycast.exactly-once.transaction-timeout must be between 1s and 1d (got " + transactionTimeout + ")");
        }
    }

    /** The transactional.id of a job's producer. */
    public String transactionalId(String jobId) {
        return transactionalIdPrefix + "." + jobId;
    }
}

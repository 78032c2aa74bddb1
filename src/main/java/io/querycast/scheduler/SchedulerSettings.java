package io.querycast.scheduler;

import io.querycast.config.ConfigException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import java.time.Duration;
import java.util.Map;

/**
 * Quartz, behind camel-quartz, with its JDBC job store in the state store ({@code querycast.scheduler.*} in
 * application.yaml; docs/deployment.md lists each with what it means in a cluster).
 *
 * @param clustered        instances sharing the state store share the schedule: each fire runs on one of them,
 *                         a dead instance's fires move to a live one. Default true (harmless with one instance)
 * @param name             the schedule's name in the job store: the same on every instance of one cluster, different
 *                         for two clusters sharing a database. Default {@code querycast}
 * @param threadCount      runs that can go on at once in this instance (one Quartz thread each), default 10
 * @param checkinInterval  how often an instance tells the others it is alive; one silent for this plus 7.5 s is taken
 *                         for dead and its fires recovered. Default 5 s
 * @param misfireThreshold how late a fire may start and still be an ordinary one; a later one is a misfire, handled
 *                         by the job's misfire_policy and recorded with trigger {@code misfire}. Default 60 s
 * @param properties       further Quartz properties ({@code org.quartz.…}), applied last: for what the above do not cover
 */
@ConfigurationProperties("querycast.scheduler")
public record SchedulerSettings(Boolean clustered, String name, Integer threadCount, Duration checkinInterval,
                                Duration misfireThreshold, Map<String, String> properties) {

    @ConstructorBinding
    public SchedulerSettings {
        clustered = clustered == null || clustered;
        name = name == null || name.isBlank() ? "querycast" : name;
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            throw new ConfigException("querycast.scheduler.name: '" + name + "' must be 1-100 letters, digits, '.', '_' or '-'");
        }
        threadCount = threadCount == null ? 10 : threadCount;
        if (threadCount < 1 || threadCount > 100) {
            throw new ConfigException("querycast.scheduler.thread-count must be between 1 and 100 (got " + threadCount + ")");
        }
        checkinInterval = checkinInterval == null ? Duration.ofSeconds(5) : checkinInterval;
        if (checkinInterval.toMillis() < 500 || checkinInterval.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new ConfigException("querycast.scheduler.checkin-interval must be between 500ms and 5m (got " + checkinInterval + ")");
        }
        misfireThreshold = misfireThreshold == null ? Duration.ofSeconds(60) : misfireThreshold;
        if (misfireThreshold.toMillis() < 100 || misfireThreshold.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException("querycast.scheduler.misfire-threshold must be between 100ms and 1d (got " + misfireThreshold + ")");
        }
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        properties.keySet().stream().filter(k -> !k.startsWith("org.quartz.")).findFirst().ifPresent(k -> {
            throw new ConfigException("querycast.scheduler.properties." + k + ": only Quartz properties (org.quartz.…) belong here");
        });
    }

    public static SchedulerSettings standard() {
        return new SchedulerSettings(null, null, null, null, null, null);
    }

    /** Quartz's threads, its misfire handler and its cluster manager each hold a connection at times. */
    public int poolSize() {
        return threadCount + 3;
    }
}

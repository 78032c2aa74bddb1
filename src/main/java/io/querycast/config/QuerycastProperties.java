package io.querycast.config;

import org.springframework.boot.context.properties.ConfigurationProperties;


import java.nio.file.Path;

/**
 * Where Querycast finds its files ({@code querycast.*} in application.yaml). Paths are relative to the
 * working directory, so the same jar serves any deployment directory.
 *
 * @param connectionsFile the databases and Kafka clusters (default {@code config/connections.yaml})
 * @param jobsDir         one file per export job (default {@code config/jobs})
 * @param queriesDir      the SQL files jobs name (default {@code queries})
 * @param defaults        values for the job fields a job file leaves out
 * @param state           the database Querycast keeps its own state in
 * @param history         how long runs stay in the run history
 * @param metrics         how long hourly metrics are kept, when a producer counts as up
 */
@ConfigurationProperties("querycast")
public record QuerycastProperties(Path connectionsFile, Path jobsDir, Path queriesDir, JobDefaults defaults,
                                  StateStoreSettings state, HistorySettings history, MetricsSettings metrics) {

    public QuerycastProperties {
        defaults = defaults == null ? JobDefaults.STANDARD : defaults;
        connectionsFile = connectionsFile == null ? Path.of("config/connections.yaml") : connectionsFile;
        jobsDir = jobsDir == null ? Path.of("config/jobs") : jobsDir;
        queriesDir = queriesDir == null ? Path.of("queries") : queriesDir;
        state = state == null ? new StateStoreSettings(null, null, null, null) : state;
        history = history == null ? HistorySettings.STANDARD : history;
        metrics = metrics == null ? MetricsSettings.STANDARD : metrics;
    }
}

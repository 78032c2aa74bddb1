package io.querycast.support;

import io.querycast.config.Secret;
import io.querycast.history.JdbcRunHistory;
import io.querycast.history.StateStore;
import io.querycast.config.StateStoreSettings;
import io.querycast.run.RunRecord;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Reads a run from a state store after the application that wrote it has stopped. */
public final class StoredRuns {

    private StoredRuns() {
    }

    public static Optional<RunRecord> find(String stateUrl, String runId) {
        try (StateStore store = new StateStore(new StateStoreSettings(stateUrl, null, Secret.none(), "reader"))) {
            return new JdbcRunHistory(store.dataSource(), "reader", Duration.ofDays(90), Clock.systemUTC()).find(runId);
        }
    }
}

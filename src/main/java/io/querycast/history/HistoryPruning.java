package io.querycast.history;

import org.springframework.scheduling.annotation.Scheduled;

import java.util.concurrent.TimeUnit;

/** Prunes the run history once a day while the application runs (the start prunes too). */
public final class HistoryPruning {

    private final JdbcRunHistory history;

    public HistoryPruning(JdbcRunHistory history) {
        this.history = history;
    }

    @Scheduled(initialDelay = 1, fixedDelay = 1, timeUnit = TimeUnit.DAYS)
    public void daily() {
        history.prune();
    }
}

package io.querycast.support;

import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Waits for a run to leave the {@code running} state. */
public final class RunAwaiter {

    private RunAwaiter() {
    }

    public static RunRecord awaitFinished(RunHistory history, String runId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<RunRecord> run = history.find(runId);
            if (run.isPresent() && run.get().status() != RunStatus.RUNNING) {
                return run.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("run " + runId + " did not finish within " + timeout + "; last state: " + history.find(runId));
    }
}

package io.querycast.run;

import java.util.Locale;

/**
 * What started a run: its schedule ({@code cron}), a request ({@code manual} in process, {@code api} over HTTP),
 * the catch-up of a fire the schedule missed while no instance could run it ({@code misfire}), or another
 * instance taking over the run of one that died ({@code recovery}), or the re-send of a job's dead letters
 * ({@code replay}, docs/api.md#post-apireplays-operator).
 */
public enum Trigger {
    CRON, MANUAL, API, MISFIRE, RECOVERY, REPLAY;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

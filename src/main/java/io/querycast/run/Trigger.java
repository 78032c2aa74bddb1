package io.querycast.run;

import java.util.Locale;

/** What started a run. */
public enum Trigger {
    CRON, MANUAL, API;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

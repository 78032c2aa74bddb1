package io.querycast.run;

import java.util.Locale;

/** Where a run stands; written in lower case in history, logs and the API. */
public enum RunStatus {
    RUNNING, SUCCESS, PARTIAL, FAILED, INTERRUPTED;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

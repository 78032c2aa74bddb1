package io.querycast.message;

import java.util.Locale;

/** A job field {@code envelope}: how a record value holds the row (docs/configuration.md#record-shape). */
public enum Envelope {
    /** the row's columns are the value's fields, with {@code _metadata} when the job includes it (the default) */
    FLAT,
    /** {@code {"data": {columns}, "metadata": {source, timestamp, processing}}}, as the integration plan's Appendix A */
    WRAPPED;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

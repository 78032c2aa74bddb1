package io.querycast.message;

import java.util.Locale;

/** How JSON columns (PostgreSQL {@code json}/{@code jsonb}, H2 {@code JSON}) appear in a message: the job's {@code json_columns}. */
public enum JsonColumns {
    /** as JSON values: {@code "doc":{"a":1}}; text that is not valid JSON sends its row to the dead-letter topic */
    EMBED,
    /** as strings holding the JSON text: {@code "doc":"{\"a\":1}"} */
    STRING;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.querycast.query;

/**
 * The text of a JSON column (PostgreSQL {@code json}/{@code jsonb}, H2 {@code JSON}) as the database
 * returned it, so that the message writer can embed it as a JSON value rather than as a string.
 *
 * @param text       the JSON text
 * @param wellFormed true when the database itself produced the text from its parsed form (PostgreSQL
 *                   {@code jsonb}), so it needs no check; false when it is stored as written
 *                   ({@code json}) and must be checked before it is embedded
 */
public record JsonText(String text, boolean wellFormed) {

    @Override
    public String toString() {
        return text;
    }
}

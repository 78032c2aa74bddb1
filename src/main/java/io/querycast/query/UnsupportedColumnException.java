package io.querycast.query;

/** A column whose database type has no JSON representation; names the column and its type. */
public class UnsupportedColumnException extends RuntimeException {

    public UnsupportedColumnException(String column, String typeName, String detail) {
        super("column " + column + " of type " + typeName + " cannot be converted to JSON: " + detail
                + "; cast it in the query (e.g. to VARCHAR)");
    }
}

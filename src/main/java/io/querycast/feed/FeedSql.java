package io.querycast.feed;

import io.querycast.job.ExportJob;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The statements of an incremental poll, built around the integrator's query without touching its text:
 * {@code SELECT * FROM (<query>) q WHERE <after the watermark> AND <below the ceiling> ORDER BY <columns>}.
 * The query's own parameters stay first; the bounds are bind parameters after them, never spliced values.
 */
public final class FeedSql {

    /** A statement and the values of its {@code ?}, in order. */
    public record Statement(String sql, List<Object> binds) {
    }

    private FeedSql() {
    }

    /** The query text as a derived table: a trailing {@code ;} dropped, a trailing line comment kept harmless. */
    static String derived(String querySql) {
        String q = querySql.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        return "SELECT * FROM (\n" + q + "\n) q";
    }

    /**
     * @param idExpression how the incrementing column is compared (e.g. SQL Server's rowversion as a bigint)
     */
    public static Statement poll(String querySql, List<Object> queryBinds, ExportJob.Feed feed, Position after, Ceiling ceiling,
                                 UnaryOperator<String> idExpression) {
        List<Object> binds = new ArrayList<>(queryBinds);
        List<String> where = new ArrayList<>();
        String ts = feed.usesTimestamp() ? "q." + feed.timestampColumn() : null;
        String id = feed.usesId() ? idExpression.apply("q." + feed.incrementingColumn()) : null;
        switch (feed.mode()) {
            case INCREMENTING -> {
                if (after.id() != null) {
                    where.add(id + " > ?");
                    binds.add(after.id());
                }
                if (ceiling.idAtMost() == null) {
                    // no id is known final yet: nothing may be read
                    where.add("1 = 0");
                } else {
                    where.add(id + " <= ?");
                    binds.add(ceiling.idAtMost());
                }
            }
            case TIMESTAMP, TIMESTAMP_INCREMENTING -> {
                if (after.timestamp() != null) {
                    if (id != null && after.id() != null) {
                        where.add("(" + ts + " > ? OR (" + ts + " = ? AND " + id + " > ?))");
                        binds.add(after.timestamp());
                        binds.add(after.timestamp());
                        binds.add(after.id());
                    } else {
                        where.add(ts + " > ?");
                        binds.add(after.timestamp());
                    }
                }
                where.add(ts + " < ?");
                binds.add(ceiling.timestampBelow());
            }
            default -> throw new IllegalArgumentException("a bulk job has no feed statement");
        }
        String order = switch (feed.mode()) {
            case INCREMENTING -> id;
            case TIMESTAMP -> ts;
            default -> ts + ", " + id;
        };
        return new Statement(derived(querySql) + "\nWHERE " + String.join(" AND ", where) + "\nORDER BY " + order, binds);
    }

    /** The highest id the query gives now (above {@code above} when known, so an index keeps it cheap). */
    public static Statement maxId(String querySql, List<Object> queryBinds, String column, Long above, UnaryOperator<String> idExpression,
                                  String extraSelect) {
        List<Object> binds = new ArrayList<>(queryBinds);
        String id = idExpression.apply("q." + column);
        String sql = "SELECT MAX(" + id + ")" + (extraSelect == null ? "" : ", " + extraSelect) + " FROM (\n" + stripped(querySql) + "\n) q";
        if (above != null) {
            sql += " WHERE " + id + " > ?";
            binds.add(above);
        }
        return new Statement(sql, binds);
    }

    private static String stripped(String querySql) {
        String q = querySql.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        return q;
    }
}

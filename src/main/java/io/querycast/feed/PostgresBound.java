package io.querycast.feed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PostgreSQL: the oldest transaction still open in the database ({@code pg_stat_activity.xact_start}) bounds
 * every poll. A row written by a transaction that started at S carries a database-clock timestamp of at least S
 * ({@code now()} is the transaction's start), and an id allocated after S; so once no transaction older than T
 * is open, every row stamped before T, and every id seen before T, is final. Seeing other roles' transactions
 * needs {@code pg_monitor} (or a superuser): without it the bound falls back to the safety lag, with one WARN.
 */
final class PostgresBound implements PollBound {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBound.class);

    /**
     * Timestamp modes count every open transaction, written yet or not: one that has only read so far can still
     * write a row stamped with its (old) start. Incrementing counts those that wrote (backend_xid) or are in a
     * statement (an INSERT between taking its id and writing the row); an idle one that wrote nothing takes its
     * ids later, above what was seen. Our own session is left out.
     */
    static final String HORIZON_SQL = "SELECT clock_timestamp(),"
            + " (SELECT min(a.xact_start) FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()"
            + " AND a.xact_start IS NOT NULL%s),"
            + " pg_has_role(current_user, 'pg_monitor', 'USAGE') OR (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user)";
    static final String WRITERS_ONLY = " AND (a.backend_xid IS NOT NULL OR a.state = 'active')";

    private final LagBound fallback = new LagBound();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    static String horizonSql(boolean incrementing) {
        return String.format(HORIZON_SQL, incrementing ? WRITERS_ONLY : "");
    }

    @Override
    public Ceiling ceiling(Poll poll) throws SQLException {
        boolean incrementing = !poll.job().feed().usesTimestamp();
        Instant seenAt = null;
        Long seen = null;
        if (incrementing) {
            // the mark first: the open transactions are read after it, so the same poll can already prove it
            FeedSql.Statement max = FeedSql.maxId(poll.querySql(), poll.queryBinds(), poll.job().feed().incrementingColumn(),
                    poll.after().id(), idExpression(), "clock_timestamp()");
            Object[] row = Jdbc.queryOne(poll.database(), max.sql(), max.binds(), rs -> {
                long v = rs.getLong(1);
                return new Object[] {rs.wasNull() ? null : v, rs.getObject(2, OffsetDateTime.class)};
            });
            seen = (Long) row[0];
            seenAt = ((OffsetDateTime) row[1]).toInstant();
        }
        Object[] h = horizon(poll, incrementing);
        // a write transaction of a busy table is usually a few milliseconds from its commit: waiting for it briefly
        // proves this poll's mark now instead of at the next poll (a poll interval of lag saved)
        for (int wait = 5; incrementing && seen != null && openSince(h, seenAt) && wait <= 20; wait *= 2) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            h = horizon(poll, true);
        }
        OffsetDateTime now = (OffsetDateTime) h[0];
        OffsetDateTime oldest = (OffsetDateTime) h[1];
        boolean seesAll = (Boolean) h[2];
        if (!seesAll) {
            if (warned.add(poll.job().id())) {
                LOG.warn("Feed {}: the database user cannot see other users' transactions (it needs the pg_monitor role, or superuser):"
                        + " polls are bounded by safety_lag_s={} instead of the open transactions, and a transaction open longer"
                        + " than that can be missed (GRANT pg_monitor TO <user>; docs/reliability.md#incremental-feeds)",
                        poll.job().id(), poll.job().feed().safetyLag().toSeconds());
            }
            return fallback.ceiling(poll);
        }
        OffsetDateTime horizon = oldest != null && oldest.isBefore(now) ? oldest : now;
        String method = oldest == null ? "no transaction open" : "oldest open transaction started " + oldest;
        if (!incrementing) {
            return new Ceiling(horizon, null, horizon.toInstant(), method);
        }
        if (seen != null) {
            poll.marks().add(seen, seenAt);
        }
        return LagBound.ceilingFromMarks(poll, horizon.toInstant(), method);
    }

    private static Object[] horizon(Poll poll, boolean incrementing) throws SQLException {
        return Jdbc.queryOne(poll.database(), horizonSql(incrementing), List.of(), rs -> new Object[] {
                rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class), rs.getBoolean(3)});
    }

    /** A transaction open now started before {@code at}. */
    private static boolean openSince(Object[] horizon, Instant at) {
        OffsetDateTime oldest = (OffsetDateTime) horizon[1];
        return oldest != null && !oldest.toInstant().isAfter(at);
    }

    @Override
    public String name() {
        return "postgresql";
    }
}

package io.querycast.feed;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Any database: a row is taken for final once it is {@code safety_lag_s} old (timestamp modes: its timestamp;
 * incrementing: the time a poll first saw an id at least as high). Exact only while no transaction stays open
 * longer than the lag; the overlap re-reads below the watermark to catch those that do, duplicates suppressed.
 * The times are the application's clock: it must agree with the database's within the lag.
 */
final class LagBound implements PollBound {

    @Override
    public Ceiling ceiling(Poll poll) throws SQLException {
        Instant now = poll.clock().instant();
        Instant horizon = now.minus(poll.job().feed().safetyLag());
        String method = "safety lag " + poll.job().feed().safetyLag().toSeconds() + " s";
        if (poll.job().feed().usesTimestamp()) {
            return new Ceiling(OffsetDateTime.ofInstant(horizon, poll.clock().getZone()), null, horizon, method);
        }
        FeedSql.Statement max = FeedSql.maxId(poll.querySql(), poll.queryBinds(), poll.job().feed().incrementingColumn(),
                poll.after().id(), idExpression(), null);
        Long seen = Jdbc.queryOne(poll.database(), max.sql(), max.binds(), rs -> {
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        });
        // the database's snapshot was taken before this instant
        Instant seenAt = poll.clock().instant();
        if (seen != null) {
            poll.marks().add(seen, seenAt);
        }
        return ceilingFromMarks(poll, horizon, method);
    }

    static Ceiling ceilingFromMarks(Poll poll, Instant horizon, String method) {
        boolean nothingPending = poll.marks().isEmpty();
        return poll.marks().finalBefore(horizon)
                .map(m -> new Ceiling(null, m.id(), m.seenAt(), method))
                .orElseGet(() -> new Ceiling(null, poll.after().id(), nothingPending ? horizon : null, method));
    }

    @Override
    public boolean overlaps() {
        return true;
    }

    @Override
    public String name() {
        return "lag";
    }
}

package io.querycast.feed;

import io.querycast.job.ExportJob;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The statements a poll runs, per mode and per bound dialect (SQL Server and Oracle cannot run here: their SQL is checked). */
class FeedSqlTest {

    static final String QUERY = "SELECT id, k, updated_at FROM events WHERE region = ?;  ";
    static final OffsetDateTime HORIZON = OffsetDateTime.parse("2026-12-01T10:00:00Z");

    static ExportJob.Feed feed(ExportJob.FeedMode mode) {
        return new ExportJob.Feed(mode, "id", "updated_at", ExportJob.FeedBound.AUTO, Duration.ofSeconds(10), Duration.ZERO, 0);
    }

    @Test
    void incrementingReadsAfterTheWatermarkUpToTheCeilingInIdOrderWithTheQueryParametersFirst() {
        FeedSql.Statement s = FeedSql.poll(QUERY, List.of("EU"), feed(ExportJob.FeedMode.INCREMENTING), new Position(null, 41L),
                new Ceiling(null, 99L, null, "t"), UnaryOperator.identity());
        assertThat(s.sql()).isEqualTo("SELECT * FROM (\nSELECT id, k, updated_at FROM events WHERE region = ?\n) q\nWHERE q.id > ? AND q.id <= ?\nORDER BY q.id");
        assertThat(s.binds()).containsExactly("EU", 41L, 99L);
    }

    @Test
    void incrementingWithNoIdKnownFinalReadsNothing() {
        FeedSql.Statement s = FeedSql.poll(QUERY, List.of("EU"), feed(ExportJob.FeedMode.INCREMENTING), Position.START,
                new Ceiling(null, null, null, "t"), UnaryOperator.identity());
        assertThat(s.sql()).endsWith("WHERE 1 = 0\nORDER BY q.id");
        assertThat(s.binds()).containsExactly("EU");
    }

    @Test
    void timestampReadsAfterTheWatermarkBelowTheHorizon() {
        LocalDateTime wm = LocalDateTime.parse("2026-12-01T09:00:00");
        FeedSql.Statement s = FeedSql.poll(QUERY, List.of("EU"), feed(ExportJob.FeedMode.TIMESTAMP), new Position(wm, null),
                new Ceiling(HORIZON, null, null, "t"), UnaryOperator.identity());
        assertThat(s.sql()).endsWith("WHERE q.updated_at > ? AND q.updated_at < ?\nORDER BY q.updated_at");
        assertThat(s.binds()).containsExactly("EU", wm, HORIZON);
        FeedSql.Statement first = FeedSql.poll(QUERY, List.of(), feed(ExportJob.FeedMode.TIMESTAMP), Position.START,
                new Ceiling(HORIZON, null, null, "t"), UnaryOperator.identity());
        assertThat(first.sql()).endsWith("WHERE q.updated_at < ?\nORDER BY q.updated_at");
    }

    @Test
    void timestampAndIncrementingBreakTiesByTheId() {
        LocalDateTime wm = LocalDateTime.parse("2026-12-01T09:00:00");
        FeedSql.Statement s = FeedSql.poll(QUERY, List.of("EU"), feed(ExportJob.FeedMode.TIMESTAMP_INCREMENTING), new Position(wm, 7L),
                new Ceiling(HORIZON, null, null, "t"), UnaryOperator.identity());
        assertThat(s.sql()).endsWith("WHERE (q.updated_at > ? OR (q.updated_at = ? AND q.id > ?)) AND q.updated_at < ?\nORDER BY q.updated_at, q.id");
        assertThat(s.binds()).containsExactly("EU", wm, wm, 7L, HORIZON);
    }

    @Test
    void aTrailingLineCommentCannotSwallowTheBounds() {
        FeedSql.Statement s = FeedSql.poll("SELECT id FROM t -- all of them", List.of(), feed(ExportJob.FeedMode.INCREMENTING), Position.START,
                new Ceiling(null, 5L, null, "t"), UnaryOperator.identity());
        assertThat(s.sql()).isEqualTo("SELECT * FROM (\nSELECT id FROM t -- all of them\n) q\nWHERE q.id <= ?\nORDER BY q.id");
    }

    @Test
    void sqlServerComparesTheRowversionAsABigintBelowMinActiveRowversion() {
        SqlServerRowversionBound bound = new SqlServerRowversionBound();
        assertThat(SqlServerRowversionBound.CEILING_SQL).isEqualTo("SELECT CAST(MIN_ACTIVE_ROWVERSION() AS BIGINT) - 1");
        FeedSql.Statement s = FeedSql.poll("SELECT rv, k FROM t", List.of(), new ExportJob.Feed(ExportJob.FeedMode.INCREMENTING, "rv", null,
                ExportJob.FeedBound.ROWVERSION, Duration.ZERO, Duration.ZERO, 0), new Position(null, 1000L), new Ceiling(null, 2000L, null, "t"),
                bound.idExpression());
        assertThat(s.sql()).endsWith("WHERE CAST(q.rv AS BIGINT) > ? AND CAST(q.rv AS BIGINT) <= ?\nORDER BY CAST(q.rv AS BIGINT)");
    }

    @Test
    void oracleReadsUpToTheScnTakenBeforeTheQuery() {
        assertThat(OracleScnBound.CEILING_SQL).isEqualTo("SELECT CURRENT_SCN FROM V$DATABASE");
        FeedSql.Statement s = FeedSql.poll("SELECT t.*, ORA_ROWSCN AS row_scn FROM t", List.of(), new ExportJob.Feed(ExportJob.FeedMode.INCREMENTING,
                "row_scn", null, ExportJob.FeedBound.SCN, Duration.ZERO, Duration.ZERO, 0), new Position(null, 5L), new Ceiling(null, 9L, null, "t"),
                UnaryOperator.identity());
        assertThat(s.sql()).endsWith("WHERE q.row_scn > ? AND q.row_scn <= ?\nORDER BY q.row_scn");
    }

    @Test
    void postgresCountsEveryOpenTransactionForTimestampsAndWritersForIds() {
        assertThat(PostgresBound.horizonSql(false)).contains("min(a.xact_start) FROM pg_stat_activity a WHERE a.datname = current_database()")
                .contains("a.pid <> pg_backend_pid()").doesNotContain("backend_xid").contains("pg_has_role(current_user, 'pg_monitor', 'USAGE')");
        assertThat(PostgresBound.horizonSql(true)).contains("AND (a.backend_xid IS NOT NULL OR a.state = 'active')");
        assertThat(FeedSql.maxId(QUERY, List.of("EU"), "id", 5L, UnaryOperator.identity(), "clock_timestamp()").sql())
                .isEqualTo("SELECT MAX(q.id), clock_timestamp() FROM (\nSELECT id, k, updated_at FROM events WHERE region = ?\n) q WHERE q.id > ?");
    }

    @Test
    void anIdSeenIsFinalOnlyOnceEveryTransactionOpenWhenItWasSeenIsOver() {
        IdMarks marks = new IdMarks();
        java.time.Instant t0 = java.time.Instant.parse("2026-12-01T10:00:00Z");
        marks.add(20, t0);
        marks.add(30, t0.plusSeconds(1));
        assertThat(marks.finalBefore(t0)).isEmpty();
        assertThat(marks.finalBefore(t0.plusMillis(500))).map(IdMarks.Mark::id).contains(20L);
        assertThat(marks.finalBefore(t0.plusSeconds(5))).map(IdMarks.Mark::id).contains(30L);
        // it stays the ceiling until a newer mark is proven
        assertThat(marks.finalBefore(t0.plusSeconds(6))).map(IdMarks.Mark::id).contains(30L);
    }

    @Test
    void positionsOrderByTimestampThenIdAndTheOverlapGoesBelowTheWatermark() {
        Position a = new Position(LocalDateTime.parse("2026-12-01T09:00:00"), 5L);
        Position b = new Position(LocalDateTime.parse("2026-12-01T09:00:00"), 6L);
        assertThat(a).isLessThan(b);
        assertThat(Position.START).isLessThan(a);
        ExportJob.Feed lagged = new ExportJob.Feed(ExportJob.FeedMode.TIMESTAMP, null, "updated_at", ExportJob.FeedBound.LAG,
                Duration.ofSeconds(5), Duration.ofSeconds(60), 0);
        assertThat(FeedRuns.below(a, lagged)).isEqualTo(new Position(LocalDateTime.parse("2026-12-01T08:59:00"), null));
        ExportJob.Feed ids = new ExportJob.Feed(ExportJob.FeedMode.INCREMENTING, "id", null, ExportJob.FeedBound.LAG, Duration.ofSeconds(5),
                Duration.ZERO, 100);
        assertThat(FeedRuns.below(new Position(null, 1000L), ids)).isEqualTo(new Position(null, 900L));
        assertThat(Position.parseTimestamp("2026-12-01T09:00:00Z")).isInstanceOf(OffsetDateTime.class);
        assertThat(Position.parseTimestamp("2026-12-01T09:00:00")).isInstanceOf(LocalDateTime.class);
    }
}

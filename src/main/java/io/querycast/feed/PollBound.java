package io.querycast.feed;

import io.querycast.job.ExportJob;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/** How a database tells an incremental poll which rows are final: one implementation per method (docs/reliability.md). */
public interface PollBound {

    /**
     * What a poll is about to read and against what.
     *
     * @param after the job's watermark
     * @param marks the ids this job's polls saw (incrementing modes), kept across polls
     */
    record Poll(ExportJob job, DataSource database, String querySql, List<Object> queryBinds, Position after, IdMarks marks, Clock clock) {
    }

    Ceiling ceiling(Poll poll) throws SQLException;

    /** How the incrementing column is compared in SQL. */
    default UnaryOperator<String> idExpression() {
        return UnaryOperator.identity();
    }

    /** Whether polls re-read an overlap below the watermark (the lag bound only: the others are exact). */
    default boolean overlaps() {
        return false;
    }

    String name();
}

package io.querycast.feed;

import io.querycast.config.DatabaseType;
import io.querycast.job.ExportJob;

/** The bound method of a job: its {@code bound} field and the product of its database. */
final class PollBounds {

    private final PollBound postgres = new PostgresBound();
    private final PollBound lag = new LagBound();
    private final PollBound rowversion = new SqlServerRowversionBound();
    private final PollBound scn = new OracleScnBound();

    PollBound of(ExportJob job, DatabaseType type) {
        return switch (job.feed().bound()) {
            case AUTO -> type == DatabaseType.POSTGRESQL ? postgres : lag;
            case LAG -> lag;
            case ROWVERSION -> rowversion;
            case SCN -> scn;
        };
    }
}

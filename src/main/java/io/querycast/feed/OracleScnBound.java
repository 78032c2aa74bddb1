package io.querycast.feed;

import java.sql.SQLException;
import java.util.List;

/**
 * Oracle, {@code bound: scn}: the incrementing column is {@code ORA_ROWSCN} (aliased in the query, e.g.
 * {@code SELECT t.*, ORA_ROWSCN AS row_scn FROM t}). The SCN is read before the query: a transaction still open
 * commits with a higher SCN, so rows up to it are final. ORA_ROWSCN is per block unless the table was created
 * with ROWDEPENDENCIES: then an untouched row of a changed block comes again (a duplicate, never a loss).
 * Needs SELECT on V$DATABASE. Not run by the tests here (no Oracle): the statements are unit-tested.
 */
final class OracleScnBound implements PollBound {

    static final String CEILING_SQL = "SELECT CURRENT_SCN FROM V$DATABASE";

    @Override
    public Ceiling ceiling(Poll poll) throws SQLException {
        long scn = Jdbc.queryOne(poll.database(), CEILING_SQL, List.of(), rs -> rs.getLong(1));
        return new Ceiling(null, scn, poll.clock().instant(), "SCN " + scn);
    }

    @Override
    public String name() {
        return "scn";
    }
}

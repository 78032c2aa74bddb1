package io.querycast.feed;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** One short statement on a pool's connection, in a transaction of its own (export pools may have autocommit off). */
final class Jdbc {

    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Jdbc() {
    }

    static <T> T queryOne(DataSource ds, String sql, List<Object> binds, Reader<T> reader) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < binds.size(); i++) {
                    ps.setObject(i + 1, binds.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return reader.read(rs);
                }
            } finally {
                if (!c.getAutoCommit()) {
                    // ends the transaction, so the next statement gets a fresh snapshot (and pg_stat_activity view)
                    c.rollback();
                }
            }
        }
    }
}

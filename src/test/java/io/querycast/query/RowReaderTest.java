package io.querycast.query;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A value that cannot be read spoils its row, never the cursor: camel-sql's StreamList iterator would
 * neither advance nor close on a RuntimeException, failing the run at that row (and Camel would log
 * "Error releasing exchange" when the splitter read the row again).
 */
class RowReaderTest {

    @Test
    void aValueWithNoMappingGivesTheRowAProblemNamingColumnAndTypeAndTheOtherValuesAreRead() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:rowreader" + System.nanoTime());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT * FROM (VALUES (1, 'a', ROW(1, 'x')), (2, 'b', CAST(NULL AS ROW(A INT, B VARCHAR)))) AS T(ID, K, R)")) {
            RowReader reader = new RowReader();

            rs.next();
            Row spoilt = reader.mapRow(rs, 0);
            rs.next();
            Row fine = reader.mapRow(rs, 1);

            assertThat(spoilt.values()).containsExactly(1, "a", null);
            assertThat(spoilt.problem()).startsWith("column R of type ROW(").contains("cannot be converted to JSON")
                    .contains("cast it in the query");
            assertThat(fine.values()).containsExactly(2, "b", null);
            assertThat(fine.problem()).isNull();
        }
    }

    @Test
    void aConversionTheDriverRefusesIsTheRowsProblemNotTheRuns() throws Exception {
        ResultSet rs = resultSet("ID", Types.INTEGER, "int4", "FLAGS", Types.ARRAY, "_bit", "AMOUNT", Types.NUMERIC, "numeric");
        when(rs.getInt(1)).thenReturn(7);
        // what PgJDBC throws for a bit(3)[] and for numeric 'NaN'
        when(rs.getArray(2)).thenThrow(new SQLException("Cannot cast to boolean: \"101\"", "42846"));
        when(rs.getBigDecimal(3)).thenThrow(new SQLException("Bad value for type BigDecimal : NaN", "22003"));

        Row row = new RowReader().mapRow(rs, 0);

        assertThat(row.values()).containsExactly(7, null, null);
        assertThat(row.problem()).isEqualTo("column FLAGS (_bit): Cannot cast to boolean: \"101\"; "
                + "column AMOUNT (numeric): Bad value for type BigDecimal : NaN");
    }

    @Test
    void aFailureOfTheConnectionIsThrown() throws Exception {
        ResultSet rs = resultSet("NOTE", Types.CLOB, "clob");
        when(rs.getClob(1)).thenThrow(new SQLException("An I/O error occurred while sending to the backend.", "08006"));

        assertThatThrownBy(() -> new RowReader().mapRow(rs, 0)).isInstanceOf(SQLException.class).hasMessageContaining("I/O error");
    }

    @Test
    void aFailureWithoutSqlStateIsThrown() throws Exception {
        ResultSet rs = resultSet("NOTE", Types.VARCHAR, "varchar");
        when(rs.getString(1)).thenThrow(new SQLException("Closed Connection"));

        assertThatThrownBy(() -> new RowReader().mapRow(rs, 0)).isInstanceOf(SQLException.class).hasMessage("Closed Connection");
    }

    /** @param columns name, JDBC type, type name, for each column */
    private static ResultSet resultSet(Object... columns) throws SQLException {
        ResultSet rs = mock(ResultSet.class);
        ResultSetMetaData md = mock(ResultSetMetaData.class);
        when(rs.getMetaData()).thenReturn(md);
        when(md.getColumnCount()).thenReturn(columns.length / 3);
        for (int i = 0; i < columns.length / 3; i++) {
            when(md.getColumnLabel(i + 1)).thenReturn((String) columns[3 * i]);
            when(md.getColumnType(i + 1)).thenReturn((Integer) columns[3 * i + 1]);
            when(md.getColumnTypeName(i + 1)).thenReturn((String) columns[3 * i + 2]);
        }
        return rs;
    }
}

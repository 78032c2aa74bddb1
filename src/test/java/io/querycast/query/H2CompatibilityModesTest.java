package io.querycast.query;

import io.querycast.message.ExportMetadata;
import io.querycast.message.RowJsonWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Query files run against real H2 databases in Oracle and SQL Server compatibility modes: parsed by
 * {@link QueryFileParser}, executed with bound String values, mapped by {@link RowReader} and written by
 * {@link RowJsonWriter}.
 */
class H2CompatibilityModesTest {

    private static final String INJECTION_QUOTE = "x' OR '1'='1";
    private static final String INJECTION_DROP = "1; DROP TABLE T";

    private final QueryFileParser parser = new QueryFileParser();
    private Connection connection;

    @AfterEach
    void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    private Connection open(String mode) throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:qc" + UUID.randomUUID().toString().replace("-", "") + ";MODE=" + mode);
        return connection;
    }

    private void execute(String... statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private List<Row> rows(QueryFile query, String... values) throws SQLException {
        assertThat(query.bindOrder()).hasSize(values.length);
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(query.jdbcSql())) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                RowReader reader = new RowReader();
                int n = 0;
                while (rs.next()) {
                    rows.add(reader.mapRow(rs, n++));
                }
            }
        }
        return rows;
    }

    private static List<String> json(List<Row> rows, boolean lowercase, ExportMetadata meta) {
        if (rows.isEmpty()) {
            return List.of();
        }
        RowJsonWriter writer = new RowJsonWriter(rows.get(0).columns(), lowercase, meta);
        return rows.stream().map(r -> new String(writer.write(r), StandardCharsets.UTF_8)).toList();
    }

    private long count(String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Nested
    class OracleMode {

        private static final String QUERY = """
                define DATA='2026-01-17'  --Obbligatorio: x
                -- daily rows
                SELECT ID, NAME, AMOUNT, TRKDATE, TS, TSTZ, NOTE, DOC, R, F
                FROM T
                WHERE TRUNC(TRKDATE) = TO_DATE('&DATA', 'YYYY-MM-DD')
                ORDER BY ID;
                """;

        private void createTable() throws SQLException {
            open("Oracle");
            execute("CREATE TABLE T (ID NUMBER(10), NAME VARCHAR2(50), AMOUNT NUMBER(12,2), TRKDATE DATE, TS TIMESTAMP(6),"
                            + " TSTZ TIMESTAMP WITH TIME ZONE, NOTE CLOB, DOC BLOB, R RAW(16), F BINARY_DOUBLE)",
                    "INSERT INTO T VALUES (1, 'Forlì \"A\"', 12.75, TO_DATE('2026-01-17 08:15:30', 'YYYY-MM-DD HH24:MI:SS'),"
                            + " TIMESTAMP '2026-01-17 08:15:00.123456', TIMESTAMP WITH TIME ZONE '2026-01-17 08:15:00+01:00',"
                            + " 'long text', X'010203', HEXTORAW('CAFE'), 1.5)",
                    "INSERT INTO T VALUES (2, NULL, NULL, TO_DATE('2026-01-17', 'YYYY-MM-DD'), NULL, NULL, NULL, NULL, NULL, NULL)",
                    "INSERT INTO T VALUES (3, 'next day', 1234567890.12, TO_DATE('2026-01-18 00:00:01', 'YYYY-MM-DD HH24:MI:SS'),"
                            + " NULL, NULL, NULL, NULL, NULL, NULL)");
        }

        @Test
        void queryFileIsRewrittenForJdbc() {
            QueryFile q = parser.parse("oracle.sql", QUERY);

            assertThat(q.jdbcSql()).isEqualTo("SELECT ID, NAME, AMOUNT, TRKDATE, TS, TSTZ, NOTE, DOC, R, F\nFROM T\n"
                    + "WHERE TRUNC(TRKDATE) = TO_DATE(?, 'YYYY-MM-DD')\nORDER BY ID");
            assertThat(q.bindOrder()).containsExactly("DATA");
            assertThat(q.parameter("DATA")).hasValue(new QueryParameter("DATA", "2026-01-17", true, "x", 1));
        }

        @Test
        void rowsOfTheDayBecomeJson() throws Exception {
            createTable();
            QueryFile q = parser.parse("oracle.sql", QUERY);

            List<Row> rows = rows(q, "2026-01-17");

            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).columns().names())
                    .containsExactly("ID", "NAME", "AMOUNT", "TRKDATE", "TS", "TSTZ", "NOTE", "DOC", "R", "F");
            assertThat(json(rows, false, null)).containsExactly(
                    "{\"ID\":1,\"NAME\":\"Forlì \\\"A\\\"\",\"AMOUNT\":12.75,\"TRKDATE\":\"2026-01-17T08:15:30\","
                            + "\"TS\":\"2026-01-17T08:15:00.123456\",\"TSTZ\":\"2026-01-17T08:15:00+01:00\",\"NOTE\":\"long text\","
                            + "\"DOC\":\"AQID\",\"R\":\"yv4=\",\"F\":1.5}",
                    "{\"ID\":2,\"NAME\":null,\"AMOUNT\":null,\"TRKDATE\":\"2026-01-17T00:00:00\",\"TS\":null,\"TSTZ\":null,"
                            + "\"NOTE\":null,\"DOC\":null,\"R\":null,\"F\":null}");
        }

        @Test
        void numberColumnKeepsItsScale() throws Exception {
            // like Oracle itself, H2's Oracle mode hands back 12.5 for 12.5 stored in a NUMBER(12,2);
            // the documented mapping keeps the column's scale: 12.50
            createTable();
            execute("INSERT INTO T (ID, AMOUNT, TRKDATE) VALUES (4, 12.5, TO_DATE('2026-01-20', 'YYYY-MM-DD'))");
            QueryFile q = parser.parse("amount.sql", "SELECT ID, AMOUNT FROM T WHERE TRUNC(TRKDATE) = TO_DATE('&DATA', 'YYYY-MM-DD')");

            assertThat(json(rows(q, "2026-01-20"), false, null)).containsExactly("{\"ID\":4,\"AMOUNT\":12.50}");
        }

        @Test
        void otherDayAndLowercaseWithMetadata() throws Exception {
            createTable();
            QueryFile q = parser.parse("oracle.sql", QUERY);
            ExportMetadata meta = new ExportMetadata("job", "oracle.sql", "ora", "2026-01-19T08:00:00", "run-9");

            assertThat(json(rows(q, "2026-01-18"), true, meta)).containsExactly(
                    "{\"id\":3,\"name\":\"next day\",\"amount\":1234567890.12,\"trkdate\":\"2026-01-18T00:00:01\",\"ts\":null,"
                            + "\"tstz\":null,\"note\":null,\"doc\":null,\"r\":null,\"f\":null,\"_metadata\":{\"source_query\":\"oracle.sql\","
                            + "\"source_connection\":\"ora\",\"export_timestamp\":\"2026-01-19T08:00:00\",\"export_id\":\"run-9\"}}");
            assertThat(rows(q, "2026-01-19")).isEmpty();
        }

        @Test
        void injectionIntoAStringComparisonFindsNothing() throws Exception {
            createTable();
            QueryFile q = parser.parse("by-name.sql", """
                    define NAME='next day'  --Obbligatorio: name
                    SELECT ID FROM T WHERE NAME = '&NAME'
                    """);
            assertThat(q.jdbcSql()).isEqualTo("SELECT ID FROM T WHERE NAME = ?");

            assertThat(json(rows(q, "next day"), false, null)).containsExactly("{\"ID\":3}");
            assertThat(rows(q, INJECTION_QUOTE)).isEmpty();
            assertThat(rows(q, INJECTION_DROP)).isEmpty();
            assertThat(count("T")).isEqualTo(3);
        }

        @Test
        void injectionIntoTheDateIsABadDateNotSql() throws Exception {
            createTable();
            QueryFile q = parser.parse("oracle.sql", QUERY);

            assertThatThrownBy(() -> rows(q, INJECTION_QUOTE)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> rows(q, INJECTION_DROP)).isInstanceOf(SQLException.class);
            assertThat(count("T")).isEqualTo(3);
            assertThat(rows(q, "2026-01-17")).hasSize(2);
        }
    }

    @Nested
    class SqlServerMode {

        // H2 2.3 has no DATETIMEOFFSET type, even in MSSQLServer mode: TIMESTAMP WITH TIME ZONE stands in for it
        private static final String QUERY = """
                -- daily rows
                SELECT ID, NAME, TRKDATE, DTO, U, FLAG, M, B, SMALL
                FROM T
                WHERE CAST(TRKDATE AS DATE) = CAST(:DATA AS DATE)
                ORDER BY ID
                """;

        private void createTable() throws SQLException {
            open("MSSQLServer");
            execute("CREATE TABLE T (ID INT, NAME NVARCHAR(50), TRKDATE DATETIME2, DTO TIMESTAMP WITH TIME ZONE,"
                            + " U UNIQUEIDENTIFIER, FLAG BIT, M MONEY, B VARBINARY(16), SMALL TINYINT)",
                    "INSERT INTO T VALUES (1, N'Città', '2026-01-17 08:15:00', TIMESTAMP WITH TIME ZONE '2026-01-17 08:15:00.5-05:30',"
                            + " '123e4567-e89b-12d3-a456-426614174000', 1, 12.5, X'0A0B', 7)",
                    "INSERT INTO T VALUES (2, NULL, '2026-01-17 23:59:59.999', NULL, NULL, 0, NULL, NULL, NULL)",
                    "INSERT INTO T VALUES (3, N'x', '2026-01-18 00:00:00', NULL, NULL, NULL, 1, NULL, 0)");
        }

        @Test
        void queryFileIsRewrittenForJdbc() {
            QueryFile q = parser.parse("mssql.sql", QUERY);

            assertThat(q.jdbcSql()).isEqualTo("SELECT ID, NAME, TRKDATE, DTO, U, FLAG, M, B, SMALL\nFROM T\n"
                    + "WHERE CAST(TRKDATE AS DATE) = CAST(? AS DATE)\nORDER BY ID");
            assertThat(q.bindOrder()).containsExactly("DATA");
            assertThat(q.parameter("DATA")).hasValue(new QueryParameter("DATA", null, true, "", 0));
        }

        @Test
        void rowsOfTheDayBecomeJson() throws Exception {
            createTable();
            QueryFile q = parser.parse("mssql.sql", QUERY);

            List<Row> rows = rows(q, "2026-01-17");

            assertThat(json(rows, false, null)).containsExactly(
                    "{\"ID\":1,\"NAME\":\"Città\",\"TRKDATE\":\"2026-01-17T08:15:00\",\"DTO\":\"2026-01-17T08:15:00.5-05:30\","
                            + "\"U\":\"123e4567-e89b-12d3-a456-426614174000\",\"FLAG\":true,\"M\":12.5000,\"B\":\"Cgs=\",\"SMALL\":7}",
                    "{\"ID\":2,\"NAME\":null,\"TRKDATE\":\"2026-01-17T23:59:59.999\",\"DTO\":null,\"U\":null,\"FLAG\":false,"
                            + "\"M\":null,\"B\":null,\"SMALL\":null}");
        }

        @Test
        void falseAndZeroAreNotNull() throws Exception {
            createTable();
            QueryFile q = parser.parse("mssql.sql", QUERY);

            assertThat(json(rows(q, "2026-01-18"), true, null)).containsExactly(
                    "{\"id\":3,\"name\":\"x\",\"trkdate\":\"2026-01-18T00:00:00\",\"dto\":null,\"u\":null,\"flag\":null,"
                            + "\"m\":1.0000,\"b\":null,\"small\":0}");
        }

        @Test
        void injectionIntoAStringComparisonFindsNothing() throws Exception {
            createTable();
            QueryFile q = parser.parse("by-name.sql", "SELECT ID FROM T WHERE NAME = :NAME");
            assertThat(q.jdbcSql()).isEqualTo("SELECT ID FROM T WHERE NAME = ?");

            assertThat(json(rows(q, "x"), false, null)).containsExactly("{\"ID\":3}");
            assertThat(rows(q, INJECTION_QUOTE)).isEmpty();
            assertThat(rows(q, INJECTION_DROP)).isEmpty();
            assertThat(count("T")).isEqualTo(3);
        }

        @Test
        void injectionIntoTheDateIsABadDateNotSql() throws Exception {
            createTable();
            QueryFile q = parser.parse("mssql.sql", QUERY);

            assertThatThrownBy(() -> rows(q, INJECTION_QUOTE)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> rows(q, INJECTION_DROP)).isInstanceOf(SQLException.class);
            assertThat(count("T")).isEqualTo(3);
            assertThat(rows(q, "2026-01-17")).hasSize(2);
        }
    }
}

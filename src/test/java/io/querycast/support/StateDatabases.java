package io.querycast.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Empty databases of each kind the state store supports (an H2 file and a real PostgreSQL), for tests that
 * run the same assertions on both. One embedded PostgreSQL serves the whole test JVM: starting one per test
 * class costs seconds each time and proves nothing more.
 */
public final class StateDatabases {

    /** A state database; opening a new pool on the same URL is what a restarted application does. */
    public record StateDatabase(String kind, String url) {
        @Override
        public String toString() {
            return kind;
        }
    }

    private static final AtomicInteger CREATED = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private StateDatabases() {
    }

    /** A new, empty H2 file database under {@code dir} and a new, empty PostgreSQL database. */
    public static Stream<StateDatabase> fresh(String prefix, Path dir) {
        String name = prefix + "_" + CREATED.incrementAndGet();
        return Stream.of(new StateDatabase("H2 file", "jdbc:h2:file:" + dir.resolve(name) + ";DB_CLOSE_ON_EXIT=FALSE"),
                new StateDatabase("PostgreSQL", createPostgres(name)));
    }

    /** The JDBC URL of a new, empty database on the JVM's shared embedded PostgreSQL (user postgres). */
    public static String freshPostgres(String prefix) {
        return createPostgres(prefix + "_" + CREATED.incrementAndGet());
    }

    private static String createPostgres(String name) {
        EmbeddedPostgres server = postgres();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on the embedded PostgreSQL", e);
        }
        return server.getJdbcUrl("postgres", name);
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is a temporary one
                }
            }, "embedded-postgres-stop"));
        }
        return postgres;
    }
}

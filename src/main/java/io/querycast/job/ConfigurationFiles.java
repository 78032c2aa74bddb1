package io.querycast.job;

import io.querycast.config.ConfigError;
import io.querycast.config.ConfigErrors;
import io.querycast.config.ConfigException;
import io.querycast.config.Connections;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.PlaceholderResolver;
import io.querycast.config.QuerycastProperties;
import io.querycast.query.QueryLibrary;

import java.util.List;

/**
 * Reads the connections file and every job file (with the query files they name) in one pass that
 * collects every mistake, so one start, or one {@code validate}, names all of them: a broken connection
 * does not hide the mistakes of the jobs.
 */
public final class ConfigurationFiles {

    private ConfigurationFiles() {
    }

    /**
     * @param connections the connections that could be read, and which names were declared but broken
     * @param jobs        the jobs that could be read
     * @param errors      every mistake found, in file order
     */
    public record Loaded(ConnectionsReader.Read connections, List<ExportJob> jobs, List<ConfigError> errors) {

        /** @throws ConfigException naming every mistake, when there is one */
        public Loaded orThrow() {
            if (!errors.isEmpty()) {
                throw new ConfigException(errors);
            }
            return this;
        }

        public Connections usableConnections() {
            return connections.connections();
        }
    }

    public static Loaded read(QuerycastProperties props, PlaceholderResolver placeholders) {
        ConfigErrors errors = new ConfigErrors();
        ConnectionsReader.Read connections = new ConnectionsReader(placeholders).read(props.connectionsFile(), errors);
        List<ExportJob> jobs = new JobsReader(placeholders, connections, new QueryLibrary(props.queriesDir()), props.defaults())
                .readAll(props.jobsDir(), errors);
        return new Loaded(connections, List.copyOf(jobs), errors.all());
    }
}

package io.querycast.tooling;

import com.zaxxer.hikari.HikariDataSource;
import io.querycast.config.ConfigDocument;
import io.querycast.config.ConfigError;
import io.querycast.config.ConfigException;
import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;
import io.querycast.config.KafkaConnection;
import io.querycast.config.PlaceholderResolver;
import io.querycast.config.QuerycastProperties;
import io.querycast.delivery.KafkaClusters;
import io.querycast.delivery.TopicCheck;
import io.querycast.delivery.TopicMissingException;
import io.querycast.job.ConfigurationFiles;
import io.querycast.job.ExportJob;
import io.querycast.job.RunParameters;
import io.querycast.message.RecordBuilder;
import io.querycast.query.DatabasePools;
import io.querycast.query.QueryLibrary;
import io.querycast.query.ResultColumns;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Everything {@code validate} checks. Offline: every connection, job and query file, all mistakes at once,
 * as at start. Online (unless offline): each database the jobs use is asked to prepare each job's query
 * ({@code PreparedStatement.getMetaData()}, never executed, with the connection's query timeout) so a key
 * column the result does not have is found now; each Kafka cluster is asked whether the job's topic and
 * dead-letter topic exist. A database or cluster that does not answer is a warning, not an error: the files
 * may be right and the systems out of reach from where validate runs (a CI runner).
 */
public final class Validation {

    /** What validate found: errors (exit code 1) and warnings (what it could not check), and what it did check. */
    public record Report(List<ConfigError> errors, List<ConfigError> warnings, List<String> checked) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final QuerycastProperties props;
    private final PlaceholderResolver placeholders;
    private final Duration timeout;
    private final UnaryOperator<String> redact;
    private final Clock clock;

    /**
     * @param timeout how long to wait for a database connection or a cluster's answer
     * @param redact  masks secrets in what drivers and clients say
     */
    public Validation(QuerycastProperties props, PlaceholderResolver placeholders, Duration timeout, UnaryOperator<String> redact, Clock clock) {
        this.props = props;
        this.placeholders = placeholders;
        this.timeout = timeout;
        this.redact = redact;
        this.clock = clock;
    }

    public Report run(boolean offline) {
        List<ConfigError> errors = new ArrayList<>();
        List<ConfigError> warnings = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        ConfigurationFiles.Loaded loaded = ConfigurationFiles.read(props, placeholders);
        errors.addAll(loaded.errors());
        Connections connections = loaded.usableConnections();
        checked.add(connections.databases().size() + " database(s) and " + connections.kafkaClusters().size()
                + " Kafka connection(s) in " + props.connectionsFile());
        checked.add(loaded.jobs().size() + " valid job(s) in " + props.jobsDir());
        errors.addAll(unusedQueryFiles(loaded.jobs(), checked));
        if (offline) {
            checked.add("offline: no database or Kafka cluster asked");
        } else {
            checkKeyColumns(loaded.jobs(), connections, errors, warnings, checked);
            checkTopics(loaded.jobs(), connections, errors, warnings, checked);
        }
        return new Report(List.copyOf(errors), List.copyOf(warnings), List.copyOf(checked));
    }

    /** Query files no valid job uses are parsed too: a broken one is found before a job names it. */
    private List<ConfigError> unusedQueryFiles(List<ExportJob> jobs, List<String> checked) {
        List<ConfigError> errors = new ArrayList<>();
        Path dir = props.queriesDir();
        if (!Files.isDirectory(dir)) {
            errors.add(ConfigError.of(dir + ": queries directory not found (set querycast.queries-dir)"));
            return errors;
        }
        Set<String> used = new LinkedHashSet<>();
        jobs.forEach(j -> used.add(j.queryFile()));
        QueryLibrary library = new QueryLibrary(dir);
        int count = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".sql")).sorted().toList()) {
                count++;
                String name = file.getFileName().toString();
                if (used.contains(name)) {
                    continue;
                }
                try {
                    library.load(name);
                } catch (ConfigException e) {
                    // the parser names the file as jobs name it; say where it is
                    e.errors().forEach(err -> errors.add(new ConfigError(dir.resolve(name).toString(), err.line(), err.field(),
                            err.problem(), err.fix())));
                }
            }
        } catch (IOException e) {
            errors.add(ConfigError.of(dir + ": cannot list query files: " + e.getMessage()));
        }
        checked.add(count + " query file(s) in " + dir);
        return errors;
    }

    private void checkKeyColumns(List<ExportJob> jobs, Connections connections, List<ConfigError> errors, List<ConfigError> warnings,
                                 List<String> checked) {
        Map<String, List<ExportJob>> byDatabase = new LinkedHashMap<>();
        jobs.forEach(j -> byDatabase.computeIfAbsent(j.dbConnection(), k -> new ArrayList<>()).add(j));
        QueryLibrary library = new QueryLibrary(props.queriesDir());
        byDatabase.forEach((name, dbJobs) -> {
            DatabaseConnection db = connections.database(name).orElseThrow();
            try (HikariDataSource ds = DatabasePools.single(db, timeout); Connection connection = connect(ds)) {
                for (ExportJob job : dbJobs) {
                    checkKeyColumn(job, db, library, connection, errors, warnings);
                }
                checked.add("database " + name + ": " + dbJobs.size() + " quer" + (dbJobs.size() == 1 ? "y" : "ies") + " prepared, key columns checked");
                connection.rollback();
            } catch (SQLException e) {
                warnings.add(new ConfigError(connections.file(), 0, "databases." + name, "did not answer within " + timeout.toSeconds()
                        + " s: " + redact.apply(String.valueOf(e.getMessage())) + "; the key columns of "
                        + dbJobs.stream().map(ExportJob::id).toList() + " were not checked", null));
            }
        });
    }

    private static Connection connect(HikariDataSource ds) throws SQLException {
        try {
            return ds.getConnection();
        } catch (RuntimeException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    private void checkKeyColumn(ExportJob job, DatabaseConnection db, QueryLibrary library, Connection connection,
                                List<ConfigError> errors, List<ConfigError> warnings) {
        var query = library.load(job.queryFile());
        RunParameters params = RunParameters.resolve(job, query, Map.of(), LocalDate.now(clock.withZone(job.timezone())));
        try (PreparedStatement ps = connection.prepareStatement(query.jdbcSql())) {
            if (db.queryTimeout().toSeconds() > 0) {
                ps.setQueryTimeout((int) db.queryTimeout().toSeconds());
            }
            new ArgumentPreparedStatementSetter(params.bindValues().toArray()).setValues(ps);
            ResultSetMetaData md = ps.getMetaData();
            if (md == null) {
                warnings.add(at(job, "key_column", "the driver of database " + db.name()
                        + " describes no result without running the query: key column not checked"));
                return;
            }
            ResultColumns columns = ResultColumns.of(md);
            checkFeedColumns(job, columns, errors);
            // a file has no record key: preparing the statement is its check
            if (job.output().toKafka()) {
                new io.querycast.message.RecordKey(columns, job.keyColumns(), job.shape().keySeparator(), "the result of " + job.queryFile());
            }
        } catch (IllegalArgumentException e) {
            String field = job.shape().keyColumns().isEmpty() ? "key_column" : "key_columns";
            errors.add(at(job, field, e.getMessage())
                    .withFix("set " + field + " to " + ("key_column".equals(field) ? "one of the result's columns" : "columns of the result")
                            + ", or add the column to " + job.queryFile()));
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                warnings.add(at(job, "db_connection", "database " + db.name() + " went away while checking: " + redact.apply(e.getMessage())));
            } else {
                errors.add(new ConfigError(props.queriesDir().resolve(job.queryFile()).toString(), 0, null,
                        "database " + db.name() + " refused the statement of job " + job.id() + ": " + redact.apply(e.getMessage()), null));
            }
        }
    }

    /** An incremental job's columns must be in the result: the bound conditions name them. */
    private void checkFeedColumns(ExportJob job, ResultColumns columns, List<ConfigError> errors) {
        ExportJob.Feed feed = job.feed();
        if (feed.usesId() && columns.indexOf(feed.incrementingColumn()).isEmpty()) {
            errors.add(at(job, "incrementing_column", "'" + feed.incrementingColumn() + "' is not a column of the result of " + job.queryFile()
                    + " (its columns: " + columns.names() + ")").withFix("name one of the result's columns, or add (alias) it in " + job.queryFile()));
        }
        if (feed.usesTimestamp() && columns.indexOf(feed.timestampColumn()).isEmpty()) {
            errors.add(at(job, "timestamp_column", "'" + feed.timestampColumn() + "' is not a column of the result of " + job.queryFile()
                    + " (its columns: " + columns.names() + ")").withFix("name one of the result's columns, or add (alias) it in " + job.queryFile()));
        }
    }

    private void checkTopics(List<ExportJob> jobs, Connections connections, List<ConfigError> errors, List<ConfigError> warnings,
                             List<String> checked) {
        Map<String, List<ExportJob>> byCluster = new LinkedHashMap<>();
        jobs.stream().filter(j -> j.output().toKafka())
                .forEach(j -> byCluster.computeIfAbsent(j.kafkaConnection(), k -> new ArrayList<>()).add(j));
        if (byCluster.isEmpty()) {
            return;
        }
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            // the producers' own settings (security included), as the running application has them
            KafkaClusters.register(camel, connections, "validate");
            try (TopicCheck topics = new TopicCheck(camel, connections)) {
                byCluster.forEach((name, clusterJobs) -> {
                    KafkaConnection cluster = connections.kafka(name).orElseThrow();
                    String unreachable = reachable(topics.adminProperties(cluster));
                    if (unreachable != null) {
                        warnings.add(new ConfigError(connections.file(), 0, "kafka." + name, "did not answer within " + timeout.toSeconds()
                                + " s (" + redact.apply(unreachable) + "); the topics of " + clusterJobs.stream().map(ExportJob::id).toList()
                                + " were not checked", null));
                        return;
                    }
                    for (ExportJob job : clusterJobs) {
                        try {
                            topics.check(name, List.of(job.topic(), job.delivery().deadLetterTopic()));
                        } catch (TopicMissingException e) {
                            errors.add(at(job, "topic", redact.apply(e.getMessage())));
                        }
                    }
                    checked.add("Kafka connection " + name + ": topics of " + clusterJobs.size() + " job(s) checked");
                });
            }
        } finally {
            camel.stop();
        }
    }

    /** @return null when the cluster answered, else what went wrong */
    private String reachable(Properties adminProperties) {
        Properties p = new Properties();
        p.putAll(adminProperties);
        int ms = (int) Math.max(1000, timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().clusterId().get(ms, TimeUnit.MILLISECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            return "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** An error at a field of a job file, with the field's line. */
    private ConfigError at(ExportJob job, String field, String problem) {
        int line = 0;
        try {
            line = ConfigDocument.read(Path.of(job.file()), job.file(), placeholders).lineOf(field);
        } catch (ConfigException e) {
            // the file changed since it was read: no line then
        }
        return new ConfigError(job.file(), line, field, problem, null);
    }
}

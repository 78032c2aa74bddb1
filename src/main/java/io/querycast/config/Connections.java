package io.querycast.config;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Every database and Kafka cluster declared in the connections file, by name, and its mail server.
 *
 * @param mail the {@code mail:} section; null when the file has none
 */
public record Connections(String file, Map<String, DatabaseConnection> databases, Map<String, KafkaConnection> kafkaClusters,
                          MailConnection mail) {

    public Connections(String file, Map<String, DatabaseConnection> databases, Map<String, KafkaConnection> kafkaClusters) {
        this(file, databases, kafkaClusters, null);
    }

    public Optional<MailConnection> mailConnection() {
        return Optional.ofNullable(mail);
    }

    public Optional<DatabaseConnection> database(String name) {
        return Optional.ofNullable(databases.get(name));
    }

    public Optional<KafkaConnection> kafka(String name) {
        return Optional.ofNullable(kafkaClusters.get(name));
    }

    public Collection<DatabaseConnection> allDatabases() {
        return databases.values();
    }

    public Collection<KafkaConnection> allKafkaClusters() {
        return kafkaClusters.values();
    }
}

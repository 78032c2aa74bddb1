package io.querycast.config;

import java.time.Duration;
import java.util.Map;

/** A named database the export jobs read from ({@code databases.<name>} in the connections file). */
public record DatabaseConnection(
        String name,
        DatabaseType type,
        String url,
        String username,
        Secret password,
        int poolSize,
        int fetchSize,
        Duration queryTimeout,
        boolean readOnly,
        Map<String, String> properties,
        String description) {

    public DatabaseConnection(String name, DatabaseType type, String url, String username, Secret password, int poolSize,
                              int fetchSize, Duration queryTimeout, boolean readOnly, Map<String, String> properties) {
        this(name, type, url, username, password, poolSize, fetchSize, queryTimeout, readOnly, properties, "");
    }

    /** The Camel registry name of this connection's DataSource, e.g. {@code db-cdg}. */
    public String beanName() {
        return "db-" + name;
    }
}

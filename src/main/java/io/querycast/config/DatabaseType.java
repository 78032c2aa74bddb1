package io.querycast.config;

import java.util.Locale;

/** The database products Querycast knows the dialect and driver types of. */
public enum DatabaseType {
    ORACLE("jdbc:oracle:"),
    POSTGRESQL("jdbc:postgresql:"),
    SQLSERVER("jdbc:sqlserver:"),
    H2("jdbc:h2:");

    private final String urlPrefix;

    DatabaseType(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /** Infers the type from a JDBC URL, or null when the URL belongs to none of them. */
    public static DatabaseType fromUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        for (DatabaseType t : values()) {
            if (lower.startsWith(t.urlPrefix)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

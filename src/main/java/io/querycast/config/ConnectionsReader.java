package io.querycast.config;

import io.querycast.config.KafkaConnection.KafkaSsl;
import io.querycast.config.KafkaConnection.SaslMechanism;
import io.querycast.config.KafkaConnection.SecurityProtocol;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the connections file ({@code config/connections.yaml}): databases and Kafka
 * clusters by name. See docs/configuration.md for every field.
 */
public final class ConnectionsReader {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private static final Set<String> TOP = Set.of("databases", "kafka", "mail");
    private static final Set<String> MAIL_FIELDS = Set.of("host", "port", "security", "username", "password", "from",
            "timeout_s", "properties");
    private static final Set<String> DB_FIELDS = Set.of("type", "url", "username", "password", "pool_size",
            "fetch_size", "query_timeout_s", "read_only", "properties");
    private static final Set<String> KAFKA_FIELDS = Set.of("bootstrap_servers", "security_protocol", "sasl_mechanism",
            "username", "password", "ssl", "producer");
    private static final Set<String> SSL_FIELDS = Set.of("truststore_location", "truststore_password", "truststore_type",
            "keystore_location", "keystore_password", "keystore_type", "key_password", "endpoint_identification_algorithm");

    private final PlaceholderResolver placeholders;

    public ConnectionsReader(PlaceholderResolver placeholders) {
        this.placeholders = placeholders;
    }

    public Connections read(Path file) {
        String display = file.toString();
        if (!Files.isRegularFile(file)) {
            throw ConfigException.at(display, 0, null, "connections file not found (set querycast.connections-file)");
        }
        ConfigNode root = ConfigDocument.read(file, display, placeholders).root();
        root.rejectUnknown(TOP);

        Map<String, DatabaseConnection> databases = new LinkedHashMap<>();
        root.children("databases").forEach((name, node) -> databases.put(name, database(name, node)));

        Map<String, KafkaConnection> clusters = new LinkedHashMap<>();
        Map<String, String> componentNames = new HashMap<>();
        root.children("kafka").forEach((name, node) -> {
            KafkaConnection k = kafka(name, node);
            String clash = componentNames.put(k.componentName(), name);
            if (clash != null) {
                throw node.error(null, "Kafka connection names '" + clash + "' and '" + name
                        + "' differ only by '_' versus '-' or case; rename one");
            }
            clusters.put(name, k);
        });
        MailConnection mail = root.child("mail").map(this::mail).orElse(null);
        return new Connections(display, Map.copyOf(databases), Map.copyOf(clusters), mail);
    }

    private DatabaseConnection database(String name, ConfigNode node) {
        checkName(name, node);
        node.rejectUnknown(DB_FIELDS);
        String url = node.requiredString("url");
        DatabaseType inferred = DatabaseType.fromUrl(url);
        DatabaseType type = node.enumValue("type", DatabaseType.class, inferred);
        if (type == null) {
            throw node.error("url", "cannot tell the database type from this URL; set 'type' to one of oracle, postgresql, sqlserver, h2");
        }
        return new DatabaseConnection(
                name,
                type,
                url,
                node.string("username", null),
                Secret.of(node.string("password", null)),
                node.integer("pool_size", 5, 1, 200),
                node.integer("fetch_size", 1000, 1, 100_000),
                Duration.ofSeconds(node.integer("query_timeout_s", 300, 0, 86_400)),
                node.bool("read_only", true),
                Map.copyOf(withoutNulls(node.stringMap("properties"))));
    }

    private KafkaConnection kafka(String name, ConfigNode node) {
        checkName(name, node);
        node.rejectUnknown(KAFKA_FIELDS);
        SecurityProtocol protocol = node.enumValue("security_protocol", SecurityProtocol.class, SecurityProtocol.PLAINTEXT);
        SaslMechanism mechanism = node.enumValue("sasl_mechanism", SaslMechanism.class, null);
        String username = node.string("username", null);
        Secret password = Secret.of(node.string("password", null));
        if (protocol.usesSasl()) {
            if (mechanism == null) {
                throw node.error("sasl_mechanism", "is required with security_protocol " + protocol
                        + " (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)");
            }
            if (username == null) {
                throw node.error("username", "is required with security_protocol " + protocol);
            }
            if (!password.isPresent()) {
                throw node.error("password", "is required with security_protocol " + protocol);
            }
        } else if (mechanism != null) {
            throw node.error("sasl_mechanism", "only applies to SASL_PLAINTEXT or SASL_SSL (security_protocol is " + protocol + ")");
        }
        KafkaSsl ssl = node.child("ssl").map(this::ssl).orElse(null);
        if (ssl != null && !protocol.usesSsl()) {
            throw node.error("ssl", "only applies to SSL or SASL_SSL (security_protocol is " + protocol + ")");
        }
        return new KafkaConnection(name, node.requiredString("bootstrap_servers"), protocol, mechanism, username, password,
                ssl, Map.copyOf(withoutNulls(node.stringMap("producer"))));
    }

    private MailConnection mail(ConfigNode node) {
        node.rejectUnknown(MAIL_FIELDS);
        MailConnection.Security security = node.enumValue("security", MailConnection.Security.class, MailConnection.Security.STARTTLS);
        String username = node.string("username", null);
        Secret password = Secret.of(node.string("password", null));
        if (username != null && !password.isPresent()) {
            throw node.error("password", "is required with username");
        }
        if (username == null && password.isPresent()) {
            throw node.error("username", "is required with password");
        }
        if (username != null && security == MailConnection.Security.NONE) {
            throw node.error("security", "none would send the username and password in clear: use starttls or ssl");
        }
        String from = node.requiredString("from");
        try {
            new jakarta.mail.internet.InternetAddress(from, true);
        } catch (jakarta.mail.internet.AddressException e) {
            throw node.error("from", "'" + from + "' is not a valid mail address: " + e.getMessage());
        }
        return new MailConnection(node.requiredString("host"), node.integer("port", security.defaultPort(), 1, 65_535), security,
                username, password, from, Duration.ofSeconds(node.integer("timeout_s", 30, 1, 600)),
                Map.copyOf(withoutNulls(node.stringMap("properties"))));
    }

    private KafkaSsl ssl(ConfigNode node) {
        node.rejectUnknown(SSL_FIELDS);
        String truststore = node.string("truststore_location", null);
        String keystore = node.string("keystore_location", null);
        for (String location : new String[] {truststore, keystore}) {
            if (location != null && !Files.isReadable(Path.of(location))) {
                throw node.error(location.equals(truststore) ? "truststore_location" : "keystore_location",
                        "file not found or not readable: " + location);
            }
        }
        return new KafkaSsl(truststore, Secret.of(node.string("truststore_password", null)), node.string("truststore_type", null),
                keystore, Secret.of(node.string("keystore_password", null)), node.string("keystore_type", null),
                Secret.of(node.string("key_password", null)), node.string("endpoint_identification_algorithm", null));
    }

    private static void checkName(String name, ConfigNode node) {
        if (!NAME.matcher(name).matches()) {
            throw node.error(null, "connection name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
        }
    }

    private static Map<String, String> withoutNulls(Map<String, String> map) {
        map.values().removeIf(v -> v == null);
        return map;
    }
}

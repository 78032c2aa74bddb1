package io.querycast.config;

import io.querycast.config.KafkaConnection.KafkaSsl;
import io.querycast.config.KafkaConnection.SaslMechanism;
import io.querycast.config.KafkaConnection.SecurityProtocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the connections file ({@code config/connections.yaml}): databases and Kafka
 * clusters by name. See docs/configuration.md for every field. Every mistake of the file is reported,
 * not only the first.
 */
public final class ConnectionsReader {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private static final Set<String> TOP = Set.of("databases", "kafka", "mail");
    private static final Set<String> MAIL_FIELDS = Set.of("host", "port", "security", "username", "password", "from",
            "timeout_s", "properties");
    private static final Set<String> DB_FIELDS = Set.of("type", "url", "username", "password", "pool_size",
            "fetch_size", "query_timeout_s", "read_only", "properties", "description");
    private static final Set<String> KAFKA_FIELDS = Set.of("bootstrap_servers", "security_protocol", "sasl_mechanism",
            "username", "password", "ssl", "producer", "description");
    private static final Set<String> SSL_FIELDS = Set.of("truststore_location", "truststore_password", "truststore_type",
            "keystore_location", "keystore_password", "keystore_type", "key_password", "endpoint_identification_algorithm",
            "certificate_location", "key_location");
    /** The names the seeds' connections.json uses for our fields, for "did you mean". */
    private static final Map<String, String> KAFKA_ALIASES = Map.of("sasl_username", "username", "sasl_password", "password",
            "ssl_cafile", "ssl.truststore_location", "ssl_certfile", "ssl.certificate_location", "ssl_keyfile", "ssl.key_location");

    /**
     * What a lenient read found: the connections that are fine, and the names of those declared but broken
     * (their errors are reported on their own; a job naming one is not also told the name is unknown).
     *
     * @param complete false when the file itself could not be read: then no name can be judged unknown
     */
    public record Read(Connections connections, Set<String> unreadable, boolean complete) {

        /** Whether a job naming this connection can be told it does not exist. */
        public boolean canJudge(String name) {
            return complete && !unreadable.contains(name);
        }
    }

    private final PlaceholderResolver placeholders;

    public ConnectionsReader(PlaceholderResolver placeholders) {
        this.placeholders = placeholders;
    }

    /** @throws ConfigException naming every mistake of the file */
    public Connections read(Path file) {
        ConfigErrors errors = new ConfigErrors();
        Read read = read(file, errors);
        errors.throwIfAny();
        return read.connections();
    }

    /** Reads what can be read, adding every mistake to {@code errors}. */
    public Read read(Path file, ConfigErrors errors) {
        ConfigErrors own = new ConfigErrors();
        Read read = readFile(file, own);
        own.byLine().forEach(errors::add);
        return read;
    }

    private Read readFile(Path file, ConfigErrors errors) {
        String display = file.toString();
        Map<String, DatabaseConnection> databases = new LinkedHashMap<>();
        Map<String, KafkaConnection> clusters = new LinkedHashMap<>();
        Set<String> unreadable = new LinkedHashSet<>();
        if (!Files.isRegularFile(file)) {
            errors.add(new ConfigError(display, 0, null, "connections file not found (set querycast.connections-file)", null));
            return new Read(new Connections(display, Map.of(), Map.of()), Set.of(), false);
        }
        ConfigNode root = errors.collect(() -> ConfigDocument.read(file, display, placeholders).root(), null);
        if (root == null) {
            return new Read(new Connections(display, Map.of(), Map.of()), Set.of(), false);
        }
        errors.check(() -> root.rejectUnknown(TOP));

        Map<String, ConfigNode> dbNodes = errors.collect(() -> root.children("databases"), Map.of());
        dbNodes.forEach((name, node) -> {
            DatabaseConnection db = entry(errors, own -> database(name, node, own));
            if (db == null) {
                unreadable.add(name);
            } else {
                databases.put(name, db);
            }
        });

        Map<String, String> componentNames = new HashMap<>();
        Map<String, ConfigNode> kafkaNodes = errors.collect(() -> root.children("kafka"), Map.of());
        kafkaNodes.forEach((name, node) -> {
            KafkaConnection k = entry(errors, own -> kafka(name, node, own));
            if (k == null) {
                unreadable.add(name);
                return;
            }
            String clash = componentNames.put(k.componentName(), name);
            if (clash != null) {
                errors.addAll(node.error(null, "Kafka connection names '" + clash + "' and '" + name
                        + "' differ only by '_' versus '-' or case; rename one"));
                unreadable.add(name);
                return;
            }
            clusters.put(name, k);
        });
        MailConnection mail = errors.collect(() -> root.child("mail").map(this::mail).orElse(null), null);
        return new Read(new Connections(display, Map.copyOf(databases), Map.copyOf(clusters), mail), Set.copyOf(unreadable), true);
    }

    /** One connection, every mistake of it collected; null when it has any. */
    private static <T> T entry(ConfigErrors errors, java.util.function.Function<ConfigErrors, T> read) {
        ConfigErrors own = new ConfigErrors();
        T value = own.collect(() -> read.apply(own), null);
        own.all().forEach(errors::add);
        return own.isEmpty() ? value : null;
    }

    private DatabaseConnection database(String name, ConfigNode node, ConfigErrors errors) {
        errors.check(() -> checkName(name, node));
        errors.check(() -> node.rejectUnknown(DB_FIELDS));
        String url = errors.collect(() -> node.requiredString("url"), null);
        DatabaseType inferred = url == null ? null : DatabaseType.fromUrl(url);
        DatabaseType type = errors.collect(() -> node.enumValue("type", DatabaseType.class, inferred), null);
        if (type == null && url != null && !node.has("type")) {
            errors.addAll(node.error("url", "cannot tell the database type from this URL; set 'type' to one of oracle, postgresql, sqlserver, h2"));
        }
        return new DatabaseConnection(
                name,
                type,
                url,
                errors.collect(() -> node.string("username", null), null),
                Secret.of(errors.collect(() -> node.string("password", null), null)),
                errors.collect(() -> node.integer("pool_size", 5, 1, 200), 5),
                errors.collect(() -> node.integer("fetch_size", 1000, 1, 100_000), 1000),
                Duration.ofSeconds(errors.collect(() -> node.integer("query_timeout_s", 300, 0, 86_400), 300)),
                errors.collect(() -> node.bool("read_only", true), true),
                Map.copyOf(withoutNulls(errors.collect(() -> node.stringMap("properties"), new LinkedHashMap<>()))),
                errors.collect(() -> node.string("description", ""), ""));
    }

    private KafkaConnection kafka(String name, ConfigNode node, ConfigErrors errors) {
        errors.check(() -> checkName(name, node));
        errors.check(() -> node.rejectUnknown(KAFKA_FIELDS, KAFKA_ALIASES));
        SecurityProtocol protocol = errors.collect(() -> node.enumValue("security_protocol", SecurityProtocol.class,
                SecurityProtocol.PLAINTEXT), SecurityProtocol.PLAINTEXT);
        SaslMechanism mechanism = errors.collect(() -> node.enumValue("sasl_mechanism", SaslMechanism.class, null), null);
        String username = errors.collect(() -> node.string("username", null), null);
        Secret password = Secret.of(errors.collect(() -> node.string("password", null), null));
        if (protocol.usesSasl()) {
            if (mechanism == null && !node.has("sasl_mechanism")) {
                errors.addAll(node.error("sasl_mechanism", "is required with security_protocol " + protocol
                        + " (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)"));
            }
            if (username == null && !node.has("username")) {
                errors.addAll(node.error("username", "is required with security_protocol " + protocol));
            }
            if (!password.isPresent() && !node.has("password")) {
                errors.addAll(node.error("password", "is required with security_protocol " + protocol,
                        "add `password: ${ENV_VARIABLE}` (never the password itself)"));
            }
        } else if (mechanism != null) {
            errors.addAll(node.error("sasl_mechanism", "only applies to SASL_PLAINTEXT or SASL_SSL (security_protocol is " + protocol + ")"));
        }
        KafkaSsl ssl = errors.collect(() -> node.child("ssl").map(s -> ssl(s, errors)).orElse(null), null);
        if (node.has("ssl") && !protocol.usesSsl()) {
            errors.addAll(node.error("ssl", "only applies to SSL or SASL_SSL (security_protocol is " + protocol + ")"));
        }
        String servers = errors.collect(() -> node.joinedList("bootstrap_servers", ",")
                .orElseThrow(() -> node.error("bootstrap_servers", "is required", "a list of host:port, or one text \"host:port,host:port\"")), null);
        return new KafkaConnection(name, servers, protocol, mechanism, username, password, ssl,
                Map.copyOf(withoutNulls(errors.collect(() -> node.stringMap("producer"), new LinkedHashMap<>()))),
                errors.collect(() -> node.string("description", ""), ""));
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

    private KafkaSsl ssl(ConfigNode node, ConfigErrors errors) {
        errors.check(() -> node.rejectUnknown(SSL_FIELDS));
        String truststore = readable(node, "truststore_location", errors);
        String keystore = readable(node, "keystore_location", errors);
        String certificate = readable(node, "certificate_location", errors);
        String key = readable(node, "key_location", errors);
        if (certificate != null || key != null) {
            checkSeparateKey(node, keystore, certificate, key, errors);
        }
        return new KafkaSsl(truststore, Secret.of(errors.collect(() -> node.string("truststore_password", null), null)),
                errors.collect(() -> node.string("truststore_type", null), null),
                keystore, Secret.of(errors.collect(() -> node.string("keystore_password", null), null)),
                errors.collect(() -> node.string("keystore_type", null), null),
                Secret.of(errors.collect(() -> node.string("key_password", null), null)),
                errors.collect(() -> node.string("endpoint_identification_algorithm", null), null),
                certificate, key);
    }

    private static String readable(ConfigNode node, String field, ConfigErrors errors) {
        String location = errors.collect(() -> node.string(field, null), null);
        if (location != null && !Files.isReadable(Path.of(location))) {
            errors.addAll(node.error(field, "file not found or not readable: " + location));
        }
        return location;
    }

    /**
     * A client certificate and key as two PEM files: both needed, not with a key store, and the key in the
     * PKCS#8 form kafka-clients reads ({@code BEGIN PRIVATE KEY} or {@code BEGIN ENCRYPTED PRIVATE KEY}).
     */
    private static void checkSeparateKey(ConfigNode node, String keystore, String certificate, String key, ConfigErrors errors) {
        if (certificate == null) {
            errors.addAll(node.error("key_location", "needs certificate_location (the client certificate, PEM) beside it"));
            return;
        }
        if (key == null) {
            errors.addAll(node.error("certificate_location", "needs key_location (the client's private key, PEM) beside it"));
            return;
        }
        if (keystore != null) {
            errors.addAll(node.error("keystore_location", "give either keystore_location or certificate_location + key_location, not both"));
            return;
        }
        String keyText = text(key);
        String certText = text(certificate);
        if (certText != null && !certText.contains("-----BEGIN CERTIFICATE-----")) {
            errors.addAll(node.error("certificate_location", certificate + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
        }
        if (keyText == null) {
            return;
        }
        if (keyText.contains("-----BEGIN RSA PRIVATE KEY-----") || keyText.contains("-----BEGIN EC PRIVATE KEY-----")) {
            errors.addAll(node.error("key_location", key + " holds a PKCS#1/SEC1 key (BEGIN RSA/EC PRIVATE KEY); the Kafka client reads PKCS#8 keys only",
                    "convert it: openssl pkcs8 -topk8 -nocrypt -in " + key + " -out client-key.pk8.pem (or -v2 aes256 for an"
                            + " encrypted key, with ssl.key_password), then point key_location at the new file"));
        } else if (!keyText.contains("-----BEGIN PRIVATE KEY-----") && !keyText.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            errors.addAll(node.error("key_location", key + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)"));
        } else if (keyText.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") && !node.has("key_password")) {
            errors.addAll(node.error("key_location", key + " is encrypted: key_password is required", "add `key_password: ${ENV_VARIABLE}`"));
        }
    }

    private static String text(String location) {
        try {
            return Files.isReadable(Path.of(location)) ? Files.readString(Path.of(location)) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
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

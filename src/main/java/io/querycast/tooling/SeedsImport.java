package io.querycast.tooling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the seeds' {@code connections.json} ({@code kafka_connections}) and scheduling entries
 * ({@code sharing_mode: kafka}, {@code kafka_topic}, {@code kafka_key_field}, {@code kafka_batch_size},
 * {@code kafka_include_metadata}, {@code kafka_connection}, {@code cron_expression}, {@code parameters}, the
 * query name) into Querycast's {@code connections.yaml} and {@code jobs/<id>.yaml}. Every field it cannot
 * carry over is reported, never dropped silently; no secret is written: each password becomes a
 * {@code ${ENV}} placeholder whose name the report lists.
 */
public final class SeedsImport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final Set<String> KAFKA_FIELDS = Set.of("name", "display_name", "description", "bootstrap_servers",
            "security_protocol", "sasl_mechanism", "sasl_username", "sasl_password", "ssl_cafile", "ssl_certfile", "ssl_keyfile",
            "ssl_password", "ssl_check_hostname");
    private static final Set<String> SCHEDULE_FIELDS = Set.of("id", "name", "description", "query_name", "query_file", "query",
            "cron_expression", "enabled", "sharing_mode", "parameters", "kafka_topic", "kafka_key_field", "kafka_batch_size",
            "kafka_include_metadata", "kafka_connection", "timezone");

    /**
     * @param written      the files written
     * @param carried      what was carried over, one line each
     * @param notCarried   what could not be, and why
     * @param environment  the variables the written files expect (the secrets, the database)
     */
    public record Report(List<Path> written, List<String> carried, List<String> notCarried, Set<String> environment) {
    }

    /** @param dbConnection the database the imported jobs run on (the seeds' files do not name one) */
    public record Options(Path connectionsJson, Path schedulesJson, Path out, String dbConnection, boolean force) {
    }

    public Report run(Options o) throws IOException {
        List<Path> written = new ArrayList<>();
        List<String> carried = new ArrayList<>();
        List<String> notCarried = new ArrayList<>();
        Set<String> env = new LinkedHashSet<>();
        if (!NAME.matcher(o.dbConnection()).matches()) {
            throw new IllegalArgumentException("--db-connection '" + o.dbConnection() + "' must be 1-64 letters, digits, '_' or '-'");
        }

        JsonNode connections = readJson(o.connectionsJson());
        Map<String, String> kafkaNames = new LinkedHashMap<>();
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Imported from ").append(o.connectionsJson().getFileName()).append(" by `querycast import-seeds`.\n")
                .append("# Secrets are ${ENV} placeholders: set the variables listed by the import before starting.\n");
        String dbVar = envName(o.dbConnection()) + "_DB";
        yaml.append("databases:\n")
                .append("  # not in the seeds' connections file: the database the imported jobs run on\n")
                .append("  ").append(o.dbConnection()).append(":\n")
                .append("    url: ").append(q("${" + dbVar + "_URL}")).append('\n')
                .append("    username: ").append(q("${" + dbVar + "_USER}")).append('\n')
                .append("    password: ").append(q("${" + dbVar + "_PASSWORD}")).append('\n');
        env.add(dbVar + "_URL");
        env.add(dbVar + "_USER");
        env.add(dbVar + "_PASSWORD");
        notCarried.add("the seeds' files name no database: databases." + o.dbConnection() + " was written with ${" + dbVar
                + "_URL}, ${" + dbVar + "_USER}, ${" + dbVar + "_PASSWORD}; every imported job runs on it (--db-connection)");

        yaml.append("kafka:\n");
        Iterator<Map.Entry<String, JsonNode>> top = connections.fields();
        int kafkaCount = 0;
        while (top.hasNext()) {
            Map.Entry<String, JsonNode> field = top.next();
            if (!field.getKey().equals("kafka_connections")) {
                notCarried.add(o.connectionsJson().getFileName() + ": top-level '" + field.getKey() + "' has no Querycast equivalent: not carried over");
                continue;
            }
            for (JsonNode k : field.getValue()) {
                if (kafka(k, yaml, kafkaNames, carried, notCarried, env)) {
                    kafkaCount++;
                }
            }
        }
        if (kafkaCount == 0) {
            yaml.append("  {}\n");
            notCarried.add(o.connectionsJson().getFileName() + ": no kafka_connections entry could be carried over");
        }

        Path jobsDir = o.out().resolve("jobs");
        Path connectionsYaml = o.out().resolve("connections.yaml");
        Map<String, String> jobs = new LinkedHashMap<>();
        for (JsonNode s : entries(readJson(o.schedulesJson()), o.schedulesJson(), notCarried)) {
            job(s, o.dbConnection(), kafkaNames, jobs, carried, notCarried);
        }

        List<Path> targets = new ArrayList<>();
        targets.add(connectionsYaml);
        jobs.keySet().forEach(id -> targets.add(jobsDir.resolve(id + ".yaml")));
        if (!o.force()) {
            for (Path t : targets) {
                if (Files.exists(t)) {
                    throw new IllegalStateException(t + " exists: import into an empty directory (--out) and merge, or pass --force to replace it");
                }
            }
        }
        Files.createDirectories(jobsDir);
        write(connectionsYaml, yaml.toString());
        written.add(connectionsYaml);
        for (Map.Entry<String, String> j : jobs.entrySet()) {
            Path file = jobsDir.resolve(j.getKey() + ".yaml");
            write(file, j.getValue());
            written.add(file);
        }
        return new Report(List.copyOf(written), List.copyOf(carried), List.copyOf(notCarried), Set.copyOf(env));
    }

    private boolean kafka(JsonNode k, StringBuilder yaml, Map<String, String> names, List<String> carried, List<String> notCarried,
                          Set<String> env) {
        String seedName = text(k, "name");
        if (seedName == null) {
            notCarried.add("a kafka_connections entry without a name: skipped");
            return false;
        }
        String name = NAME.matcher(seedName).matches() ? seedName : slug(seedName, 64);
        if (names.containsValue(name)) {
            notCarried.add("Kafka connection '" + seedName + "': the name " + name + " is taken by another entry: skipped");
            return false;
        }
        String where = "Kafka connection '" + seedName + "'";
        unknownFields(k, KAFKA_FIELDS, where, notCarried);
        String protocol = upper(text(k, "security_protocol"), "PLAINTEXT");
        if (!PROTOCOLS.contains(protocol)) {
            notCarried.add(where + ": security_protocol " + protocol + " is not one Querycast supports " + PROTOCOLS + ": skipped");
            return false;
        }
        List<String> servers = new ArrayList<>();
        JsonNode bs = k.get("bootstrap_servers");
        if (bs != null && bs.isArray()) {
            bs.forEach(s -> servers.add(s.asText()));
        } else if (bs != null && bs.isTextual()) {
            for (String s : bs.asText().split(",")) {
                servers.add(s.trim());
            }
        }
        if (servers.isEmpty()) {
            notCarried.add(where + ": no bootstrap_servers: skipped");
            return false;
        }
        if (protocol.startsWith("SASL_") && !MECHANISMS.contains(upper(text(k, "sasl_mechanism"), "PLAIN"))) {
            notCarried.add(where + ": sasl_mechanism " + upper(text(k, "sasl_mechanism"), "PLAIN") + " is not one Querycast supports "
                    + MECHANISMS + ": skipped");
            return false;
        }
        names.put(seedName, name);
        yaml.append("  ").append(name).append(":\n");
        String description = join(text(k, "display_name"), text(k, "description"));
        if (description != null) {
            yaml.append("    description: ").append(q(description)).append('\n');
        }
        yaml.append("    bootstrap_servers:\n");
        servers.forEach(s -> yaml.append("      - ").append(q(s)).append('\n'));
        yaml.append("    security_protocol: ").append(protocol).append('\n');
        if (protocol.startsWith("SASL_")) {
            String mechanism = upper(text(k, "sasl_mechanism"), "PLAIN");

            yaml.append("    sasl_mechanism: ").append(mechanism).append('\n');
            yaml.append("    username: ").append(q(text(k, "sasl_username") == null ? "" : text(k, "sasl_username"))).append('\n');
            String passwordVar = "KAFKA_" + envName(name) + "_PASSWORD";
            yaml.append("    password: ").append(q("${" + passwordVar + "}")).append('\n');
            env.add(passwordVar);
            if (text(k, "sasl_password") != null) {
                notCarried.add(where + ": sasl_password not written: set it in ${" + passwordVar + "}");
            }
        } else if (text(k, "sasl_mechanism") != null || text(k, "sasl_username") != null) {
            notCarried.add(where + ": sasl_* settings ignored: security_protocol is " + protocol);
        }
        String ca = text(k, "ssl_cafile");
        String cert = text(k, "ssl_certfile");
        String key = text(k, "ssl_keyfile");
        if (protocol.endsWith("SSL")) {
            if (ca != null || cert != null || key != null || k.has("ssl_check_hostname")) {
                yaml.append("    ssl:\n");
            }
            if (ca != null) {
                yaml.append("      truststore_location: ").append(q(ca)).append('\n').append("      truststore_type: PEM\n");
            }
            if (cert != null && key != null) {
                yaml.append("      certificate_location: ").append(q(cert)).append('\n');
                yaml.append("      key_location: ").append(q(key)).append('\n');
                if (text(k, "ssl_password") != null) {
                    String keyVar = "KAFKA_" + envName(name) + "_SSL_KEY_PASSWORD";
                    yaml.append("      key_password: ").append(q("${" + keyVar + "}")).append('\n');
                    env.add(keyVar);
                    notCarried.add(where + ": ssl_password not written: set it in ${" + keyVar + "}");
                }
            } else if (cert != null || key != null) {
                notCarried.add(where + ": only one of ssl_certfile / ssl_keyfile is given: the client certificate needs both; not carried over");
            }
            JsonNode hostname = k.get("ssl_check_hostname");
            if (hostname != null && !hostname.asBoolean(true)) {
                yaml.append("      endpoint_identification_algorithm: \"\"\n");
            }
        } else if (ca != null || cert != null || key != null) {
            notCarried.add(where + ": ssl_* files ignored: security_protocol is " + protocol);
        }
        carried.add(where + " -> kafka." + name + " (" + String.join(",", servers) + ", " + protocol + ")");
        return true;
    }

    private void job(JsonNode s, String dbConnection, Map<String, String> kafkaNames, Map<String, String> jobs, List<String> carried,
                     List<String> notCarried) {
        String query = firstText(s, "query_name", "query_file", "query");
        String label = firstText(s, "name", "id", "query_name", "query_file", "query");
        String where = "schedule '" + (label == null ? "?" : label) + "'";
        String mode = text(s, "sharing_mode");
        if (mode != null && !mode.equalsIgnoreCase("kafka")) {
            notCarried.add(where + ": sharing_mode " + mode + " (files and e-mail are not Querycast exports yet): skipped");
            return;
        }
        if (query == null) {
            notCarried.add(where + ": names no query: skipped");
            return;
        }
        String id = idFor(s, query, jobs.keySet());
        unknownFields(s, SCHEDULE_FIELDS, where, notCarried);
        StringBuilder y = new StringBuilder();
        y.append("# Imported from the seeds' ").append(where).append(" by `querycast import-seeds`.\n");
        String description = join(text(s, "name"), text(s, "description"));
        if (description != null) {
            y.append("description: ").append(q(description)).append('\n');
        }
        JsonNode enabled = s.has("enabled") ? s.get("enabled") : s.get("is_active");
        if (enabled != null && enabled.isBoolean()) {
            y.append("enabled: ").append(enabled.asBoolean()).append('\n');
        }
        y.append("query: ").append(q(query.toLowerCase(Locale.ROOT).endsWith(".sql") ? query : query + ".sql")).append('\n');
        y.append("db_connection: ").append(dbConnection).append('\n');
        String cron = text(s, "cron_expression");
        if (cron == null) {
            notCarried.add(where + ": no cron_expression: written without schedule, validate will ask for one");
        } else {
            y.append("schedule: ").append(q(cron)).append('\n');
        }
        if (text(s, "timezone") != null) {
            y.append("timezone: ").append(q(text(s, "timezone"))).append('\n');
        }
        JsonNode params = s.get("parameters");
        if (params != null && params.isObject() && params.size() > 0) {
            y.append("parameters:\n");
            params.fields().forEachRemaining(p -> y.append("  ").append(p.getKey()).append(": ")
                    .append(q(p.getValue().isNull() ? "" : p.getValue().asText())).append('\n'));
        } else if (params != null && !params.isObject() && !params.isNull()) {
            notCarried.add(where + ": parameters is not an object of name: value: not carried over");
        }
        String connection = text(s, "kafka_connection");
        if (connection != null) {
            String mapped = kafkaNames.get(connection);
            if (mapped == null) {
                notCarried.add(where + ": kafka_connection '" + connection + "' is not among the imported connections: written as is, validate will say");
                mapped = connection;
            }
            y.append("kafka_connection: ").append(mapped).append('\n');
        }
        String topic = text(s, "kafka_topic");
        if (topic == null) {
            notCarried.add(where + ": no kafka_topic: written without topic, validate will ask for one");
        } else {
            y.append("topic: ").append(q(topic)).append('\n');
        }
        if (text(s, "kafka_key_field") != null) {
            y.append("key_column: ").append(q(text(s, "kafka_key_field"))).append('\n');
        }
        if (s.has("kafka_batch_size") && !s.get("kafka_batch_size").isNull()) {
            y.append("batch_size: ").append(s.get("kafka_batch_size").asText()).append('\n');
        }
        if (s.has("kafka_include_metadata") && s.get("kafka_include_metadata").isBoolean()) {
            y.append("include_metadata: ").append(s.get("kafka_include_metadata").asBoolean()).append('\n');
        }
        jobs.put(id, y.toString());
        carried.add(where + " -> jobs/" + id + ".yaml (query " + query + ", topic " + topic + ", schedule " + cron + ")");
    }

    private static String idFor(JsonNode s, String query, Set<String> taken) {
        String explicit = text(s, "id");
        String base = explicit != null && JOB_ID.matcher(explicit).matches() && !explicit.matches("\\d+") && !explicit.matches("[0-9a-f-]{36}")
                ? explicit
                : slug(query.replaceFirst("(?i)\\.sql$", "").split("--")[0], 100);
        if (taken.contains(base) && text(s, "name") != null) {
            base = slug(text(s, "name"), 100);
        }
        String id = base;
        for (int n = 2; taken.contains(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /** The array of entries: the file itself, or its one field holding an array (e.g. {@code {"schedulings": [...]}}). */
    private static List<JsonNode> entries(JsonNode root, Path file, List<String> notCarried) {
        List<JsonNode> out = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(out::add);
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isArray() && out.isEmpty()) {
                f.getValue().forEach(out::add);
            } else {
                notCarried.add(file.getFileName() + ": top-level '" + f.getKey() + "' is not a list of schedules: not carried over");
            }
        }
        return out;
    }

    private static void unknownFields(JsonNode node, Set<String> known, String where, List<String> notCarried) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f) && !f.equals("is_active")) {
                // the name only: the value may be a secret
                notCarried.add(where + ": field '" + f + "' has no Querycast equivalent: not carried over");
            }
        });
    }

    private static JsonNode readJson(Path file) throws IOException {
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            if (n == null || !(n.isObject() || n.isArray())) {
                throw new IllegalArgumentException(file + ": expected a JSON object or array");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + (e.getLocation() == null ? 0 : e.getLocation().getLineNr())
                    + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank() ? null : v.asText().trim();
    }

    private static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            if (text(n, f) != null) {
                return text(n, f);
            }
        }
        return null;
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null || b.equals(a) ? a : a + " — " + b;
    }

    private static String upper(String v, String defaultValue) {
        return v == null ? defaultValue : v.toUpperCase(Locale.ROOT).replace('_', '-').replace("SASL-", "SASL_").replace("-SSL", "_SSL")
                .replace("-PLAINTEXT", "_PLAINTEXT");
    }

    static String envName(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static String slug(String s, int max) {
        String slug = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[^a-z0-9]+", "").replaceAll("-+$", "");
        if (slug.isEmpty()) {
            slug = "imported";
        }
        return slug.length() > max ? slug.substring(0, max) : slug;
    }

    /** A YAML double-quoted scalar: JSON string syntax, which YAML reads the same. */
    private static String q(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.querycast.api;

import io.querycast.api.ApiJson.Reply;
import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/db}: the configured databases (secrets masked) and a connection test. */
public final class DatabaseApi {

    private final ApiJson api;
    private final Connections connections;
    private final ConnectionProbes probes;

    public DatabaseApi(ApiJson api, Connections connections, ConnectionProbes probes) {
        this.api = api;
        this.connections = connections;
        this.probes = probes;
    }

    public void connections(org.apache.camel.Exchange exchange) {
        api.respond(exchange, e -> Reply.ok(Map.of("connections", connections.allDatabases().stream().sorted(java.util.Comparator.comparing(DatabaseConnection::name)).map(DatabaseApi::view).toList())));
    }

    public void test(org.apache.camel.Exchange exchange) {
        api.respond(exchange, e -> {
            String name = ApiJson.requiredText(ApiJson.body(e, false), "connection");
            DatabaseConnection db = connections.database(name)
                    .orElseThrow(() -> ApiException.notFound("unknown database connection '" + name + "'; configured: " + connections.databases().keySet()));
            ConnectionProbes.DatabaseProbe probe = probes.database(db);
            return new Reply(probe.up() ? 200 : 502, probe);
        });
    }

    static Map<String, Object> view(DatabaseConnection db) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", db.name());
        v.put("type", db.type().name());
        v.put("description", db.description());
        v.put("url", Redactor.maskUrl(db.url()));
        v.put("username", db.username());
        v.put("password", Redactor.mask(db.password()));
        v.put("pool_size", db.poolSize());
        v.put("fetch_size", db.fetchSize());
        v.put("query_timeout_s", db.queryTimeout().toSeconds());
        v.put("read_only", db.readOnly());
        v.put("properties", Redactor.maskProperties(db.properties()));
        return v;
    }
}

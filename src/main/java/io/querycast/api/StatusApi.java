package io.querycast.api;

import io.querycast.api.ApiJson.Reply;
import io.querycast.api.ConnectionProbes.DatabaseProbe;
import io.querycast.api.ConnectionProbes.KafkaProbe;
import io.querycast.api.ConnectionStatus.Checked;
import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;
import io.querycast.config.KafkaConnection;
import io.querycast.metrics.ExportMeters;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/status}: every configured Kafka cluster and database with its latest probe (at most
 * {@code querycast.api.status-max-age} old, {@link ConnectionStatus}) and the time of that check, the error if
 * down and the last error seen, and each cluster's producer state as the exports' sends show it. The
 * dashboard's status bar.
 */
public final class StatusApi {

    private final ApiJson api;
    private final Connections connections;
    private final ConnectionProbes probes;
    private final ConnectionStatus status;
    private final ExportMeters meters;

    public StatusApi(ApiJson api, Connections connections, ConnectionProbes probes, ConnectionStatus status, ExportMeters meters) {
        this.api = api;
        this.connections = connections;
        this.probes = probes;
        this.status = status;
        this.meters = meters;
    }

    public void status(Exchange exchange) {
        api.respond(exchange, e -> {
            // every probe asked for before waiting for any: they run side by side
            Map<KafkaConnection, CompletableFuture<Checked<KafkaProbe>>> clusters = new LinkedHashMap<>();
            connections.allKafkaClusters().forEach(c -> clusters.put(c, status.kafka(c)));
            Map<DatabaseConnection, CompletableFuture<Checked<DatabaseProbe>>> dbs = new LinkedHashMap<>();
            connections.allDatabases().forEach(db -> dbs.put(db, status.database(db)));

            List<Map<String, Object>> kafka = new ArrayList<>();
            clusters.forEach((c, probe) -> {
                Checked<KafkaProbe> checked = probe.join();
                KafkaProbe p = checked.probe();
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("connection", c.name());
                v.put("up", p.up());
                v.put("checked_at", checked.checkedAt());
                v.put("bootstrap_servers", c.bootstrapServers());
                v.put("cluster_id", p.clusterId());
                v.put("brokers", p.brokers());
                v.put("latency_ms", p.latencyMs());
                v.put("error", p.error());
                v.put("last_error", probes.lastError("kafka", c.name()));
                ExportMeters.ProducerState producer = meters.producerState(c.name());
                Map<String, Object> pv = new LinkedHashMap<>();
                pv.put("up", producer.up());
                pv.put("last_success_at", producer.lastSuccess());
                pv.put("last_failure_at", producer.lastFailure());
                v.put("producer", pv);
                kafka.add(v);
            });
            List<Map<String, Object>> databases = new ArrayList<>();
            dbs.forEach((db, probe) -> {
                Checked<DatabaseProbe> checked = probe.join();
                DatabaseProbe p = checked.probe();
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("connection", db.name());
                v.put("up", p.up());
                v.put("checked_at", checked.checkedAt());
                v.put("type", db.type().name());
                v.put("product", p.product());
                v.put("latency_ms", p.latencyMs());
                v.put("error", p.error());
                v.put("last_error", probes.lastError("db", db.name()));
                databases.add(v);
            });
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", kafka.stream().allMatch(k -> (Boolean) k.get("up"))
                    && databases.stream().allMatch(d -> (Boolean) d.get("up")) ? "UP" : "DOWN");
            body.put("kafka", kafka);
            body.put("databases", databases);
            return Reply.ok(body);
        });
    }
}

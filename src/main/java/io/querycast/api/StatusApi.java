package io.querycast.api;

import io.querycast.api.ApiJson.Reply;
import io.querycast.config.Connections;
import io.querycast.metrics.ExportMeters;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/status}: every configured Kafka cluster and database probed now (as the health
 * indicators do), with the time of the check, the error if down and the last error seen, and each
 * cluster's producer state as the exports' sends show it. The dashboard's status bar.
 */
public final class StatusApi {

    private final ApiJson api;
    private final Connections connections;
    private final ConnectionProbes probes;
    private final ExportMeters meters;
    private final Clock clock;

    public StatusApi(ApiJson api, Connections connections, ConnectionProbes probes, ExportMeters meters, Clock clock) {
        this.api = api;
        this.connections = connections;
        this.probes = probes;
        this.meters = meters;
        this.clock = clock;
    }

    public void status(Exchange exchange) {
        api.respond(exchange, e -> {
            List<Map<String, Object>> kafka = new ArrayList<>();
            connections.allKafkaClusters().forEach(c -> {
                ConnectionProbes.KafkaProbe p = probes.kafka(c, false);
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("connection", c.name());
                v.put("up", p.up());
                v.put("checked_at", Instant.now(clock));
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
            connections.allDatabases().forEach(db -> {
                ConnectionProbes.DatabaseProbe p = probes.database(db);
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("connection", db.name());
                v.put("up", p.up());
                v.put("checked_at", Instant.now(clock));
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

package io.querycast.api;

import io.querycast.config.Connections;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Actuator health of every configured connection, one indicator each: {@code kafka/<name>} and
 * {@code databases/<name>} under {@code /actuator/health}. Details (broker count, latency, the last error
 * seen) never hold secrets (errors go through {@link Redactor}). Each answers with the connection's latest
 * probe, at most {@code querycast.api.status-max-age} old ({@link ConnectionStatus}), and says when it ran.
 */
public final class ConnectionHealth {

    private ConnectionHealth() {
    }

    public static CompositeHealthContributor kafka(Connections connections, ConnectionProbes probes, ConnectionStatus status) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        connections.allKafkaClusters().forEach(c -> indicators.put(c.name(), () -> {
            ConnectionStatus.Checked<ConnectionProbes.KafkaProbe> checked = status.kafka(c).join();
            ConnectionProbes.KafkaProbe p = checked.probe();
            Health.Builder h = p.up() ? Health.up() : Health.down();
            h.withDetail("bootstrap_servers", c.bootstrapServers()).withDetail("latency_ms", p.latencyMs())
                    .withDetail("checked_at", checked.checkedAt().toString());
            if (p.up()) {
                h.withDetail("cluster_id", p.clusterId()).withDetail("brokers", p.brokers());
            }
            String last = probes.lastError("kafka", c.name());
            if (last != null) {
                h.withDetail("last_error", last);
            }
            return h.build();
        }));
        return CompositeHealthContributor.fromMap(indicators);
    }

    public static CompositeHealthContributor databases(Connections connections, ConnectionProbes probes, ConnectionStatus status) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        connections.allDatabases().forEach(db -> indicators.put(db.name(), () -> {
            ConnectionStatus.Checked<ConnectionProbes.DatabaseProbe> checked = status.database(db).join();
            ConnectionProbes.DatabaseProbe p = checked.probe();
            Health.Builder h = p.up() ? Health.up() : Health.down();
            h.withDetail("type", db.type().name()).withDetail("latency_ms", p.latencyMs())
                    .withDetail("checked_at", checked.checkedAt().toString());
            if (p.up()) {
                h.withDetail("database", p.product());
            }
            String last = probes.lastError("db", db.name());
            if (last != null) {
                h.withDetail("last_error", last);
            }
            return h.build();
        }));
        return CompositeHealthContributor.fromMap(indicators);
    }
}

package io.querycast.alerts;

import io.querycast.config.Connections;
import io.querycast.config.KafkaConnection;
import io.querycast.metrics.ExportMeters;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kafka connection's producer cannot deliver: the last record it settled failed (neither the topic nor the
 * dead-letter topic took it, {@code querycast_kafka_producer_last_failure_seconds} after
 * {@code _last_success_seconds}) and no record was acknowledged since, for {@code for}. It clears with the
 * next acknowledged record: the producer's state only changes when something is sent.
 */
@Component
public final class ProducerDisconnectedRule extends ConfiguredRule {

    static final String NAME = "producer-disconnected";
    static final RuleSettings DEFAULTS = new RuleSettings(true, null, null, null, Duration.ofMinutes(5), null, null);

    private final ExportMeters meters;
    private final Connections connections;

    public ProducerDisconnectedRule(AlertSettings alerts, ExportMeters meters, Connections connections) {
        super(NAME, DEFAULTS, alerts);
        this.meters = meters;
        this.connections = connections;
    }

    @Override
    public String description() {
        return "a Kafka connection's last records failed and none was acknowledged since, for " + Texts.duration(settings.holdForOrZero());
    }

    @Override
    public List<Finding> evaluate(Instant now) {
        List<Finding> out = new ArrayList<>();
        for (KafkaConnection c : connections.allKafkaClusters()) {
            ExportMeters.ProducerState p = meters.producerState(c.name());
            if (p.lastFailure() != null && (p.lastSuccess() == null || p.lastFailure().isAfter(p.lastSuccess()))) {
                out.add(new Finding(Map.of("kafka_connection", c.name()), "records of Kafka connection " + c.name() + " fail; last failure "
                        + p.lastFailure() + ", last acknowledged record " + (p.lastSuccess() == null ? "none since start" : p.lastSuccess())));
            }
        }
        return out;
    }
}

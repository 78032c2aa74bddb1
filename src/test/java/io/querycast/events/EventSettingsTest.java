package io.querycast.events;

import io.querycast.QuerycastApplication;
import io.querycast.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** querycast.events.*: defaults, and invalid combinations refused with the property named. */
class EventSettingsTest {

    @Test
    void defaults() {
        EventSettings s = new EventSettings(null, null, null, null, null, null);
        assertThat(s.connection()).isEqualTo("default");
        assertThat(s.batchSize()).isEqualTo(50);
        assertThat(s.batchTimeoutMs()).isEqualTo(500);
        assertThat(s.maxBatchSize()).isEqualTo(200);
        assertThat(s.topics()).isEmpty();
        assertThat(s.batchSyncEvents()).as("events a caller waits for are sent at once").isFalse();
    }

    @Test
    void invalidValuesNameTheProperty() {
        assertThatThrownBy(() -> new EventSettings(null, null, 300, 500, 200, null)).isInstanceOf(ConfigException.class)
                .hasMessage("querycast.events.batch-size (300) must not be larger than querycast.events.max-batch-size (200)");
        assertThatThrownBy(() -> new EventSettings(null, null, 0, 500, 200, null))
                .hasMessage("querycast.events.batch-size must be a positive whole number, got 0");
        assertThatThrownBy(() -> new EventSettings(null, null, 5, -1, 200, null))
                .hasMessage("querycast.events.batch-timeout-ms must be a positive whole number, got -1");
        assertThatThrownBy(() -> new EventSettings(null, null, 5, 100, 0, null))
                .hasMessageStartingWith("querycast.events.max-batch-size must be a positive whole number");
        assertThatThrownBy(() -> new EventSettings(null, Map.of("orders", "bad topic"), 5, 100, 10, null))
                .hasMessageStartingWith("querycast.events.topics.orders: 'bad topic' is not a legal Kafka topic name");
    }

    @Test
    void theApplicationDoesNotStartWithBatchSizeAboveMax() {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> new SpringApplicationBuilder(QuerycastApplication.class)
                .web(WebApplicationType.NONE)
                .run("--querycast.connections-file=src/test/config/events/connections.yaml",
                        "--querycast.jobs-dir=src/test/config/events/jobs",
                        "--querycast.queries-dir=src/test/queries",
                        "--QC_TEST_KAFKA=localhost:1",
                        "--spring.profiles.active=production",
                        "--querycast.events.max-batch-size=50")
                .close())
                .satisfies(t -> caught[0] = t);
        Throwable root = caught[0];
        while (root.getCause() != null && !(root instanceof ConfigException)) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(ConfigException.class)
                .hasMessage("querycast.events.batch-size (100) must not be larger than querycast.events.max-batch-size (50)");
    }
}

package io.querycast.metrics;

import io.querycast.config.MetricsSettings;

import io.querycast.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsSettingsTest {

    @Test
    void defaultsAndBoundsNamingTheProperty() {
        assertThat(MetricsSettings.STANDARD.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(MetricsSettings.STANDARD.producerHealthWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(MetricsSettings.STANDARD.flushIntervalSeconds()).isEqualTo(60);
        assertThat(new MetricsSettings(7, 5, 10).retention()).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> new MetricsSettings(0, null, null)).isInstanceOf(ConfigException.class)
                .hasMessage("querycast.metrics.retention-days must be between 1 and 36500 (got 0)");
        assertThatThrownBy(() -> new MetricsSettings(null, 0, null)).hasMessageStartingWith("querycast.metrics.producer-health-minutes");
        assertThatThrownBy(() -> new MetricsSettings(null, null, 1)).hasMessageStartingWith("querycast.metrics.flush-interval-seconds");
    }
}

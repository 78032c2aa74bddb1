package io.querycast.api;

import io.querycast.config.ApiSettings;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code querycast.api.*} properties as Spring Boot binds them: defaults, and a wrong value named. */
class ApiSettingsTest {

    private static ApiSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("querycast.api", ApiSettings.class);
    }

    @Test
    void statusMaxAgeIsTenSecondsUnlessSetAndZeroIsAllowed() {
        assertThat(bind(Map.of()).statusMaxAge()).isEqualTo(Duration.ofSeconds(10));
        assertThat(bind(Map.of("querycast.api.status-max-age", "30s")).statusMaxAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(bind(Map.of("querycast.api.status-max-age", "0s")).statusMaxAge()).isZero();
    }

    @Test
    void aNegativeStatusMaxAgeStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("querycast.api.status-max-age", "-5s")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("querycast.api.status-max-age must not be negative (got PT-5S)");
    }
}

package io.querycast.history;

import io.querycast.config.StateStoreSettings;

import io.querycast.config.QuerycastProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code querycast.state.*} and {@code querycast.history.*} properties as Spring Boot binds them. */
class StateStoreSettingsTest {

    private static QuerycastProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("querycast", QuerycastProperties.class);
    }

    @Test
    void defaultsAreAnH2FileUnderDataTheHostNameAndNinetyDays() {
        QuerycastProperties props = bind(Map.of());
        assertThat(props.state().url()).isEqualTo("jdbc:h2:file:./data/querycast-state;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        assertThat(props.state().password().isPresent()).isFalse();
        assertThat(props.state().instanceId()).isNotBlank();
        assertThat(props.history().retention()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void everyPropertyBindsAndThePasswordNeverShows() {
        QuerycastProperties props = bind(Map.of(
                "querycast.state.url", "jdbc:postgresql://statedb:5432/querycast?password=inline",
                "querycast.state.username", "qc",
                "querycast.state.password", "s3cret",
                "querycast.state.instance-id", "node-a",
                "querycast.history.retention-days", "30"));
        StateStoreSettings state = props.state();
        assertThat(state.username()).isEqualTo("qc");
        assertThat(state.password().reveal()).isEqualTo("s3cret");
        assertThat(state.instanceId()).isEqualTo("node-a");
        assertThat(props.history().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(state.toString()).contains("jdbc:postgresql://statedb:5432/querycast?…", "node-a")
                .doesNotContain("s3cret", "inline");
    }

    @Test
    void aRetentionOutOfRangeStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("querycast.history.retention-days", "0")))
                .rootCause().hasMessage("querycast.history.retention-days must be between 1 and 36500 (got 0)");
    }
}

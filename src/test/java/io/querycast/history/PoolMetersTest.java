package io.querycast.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.support.RestartableH2App;
import io.querycast.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Hikari pool has its {@code hikaricp_*} meters on /actuator/prometheus and a health indicator. */
class PoolMetersTest extends RestartableH2App {

    @Test
    void theStateStoresSchedulersAndEachDatabasesPoolHaveMetersAndHealth() throws Exception {
        try (ConfigurableApplicationContext app = start(stateUrl())) {
            String port = app.getEnvironment().getProperty("local.server.port");
            String prometheus = get(port, "/actuator/prometheus").body();
            for (String pool : new String[] {"querycast-state", "querycast-scheduler", "querycast-db-types"}) {
                assertThat(prometheus).contains("hikaricp_connections_max{pool=\"" + pool + "\"}", "hikaricp_connections_active{pool=\"" + pool + "\"}",
                        "hikaricp_connections_acquire_seconds_count{pool=\"" + pool + "\"}", "hikaricp_connections_timeout_total{pool=\"" + pool + "\"}");
            }
            assertThat(prometheus).contains("hikaricp_connections_max{pool=\"querycast-scheduler\"} 13.0");

            JsonNode health = new ObjectMapper().readTree(get(port, "/actuator/health").body());
            JsonNode state = health.path("components").path("stateStore").path("components");
            assertThat(state.path("querycast-state").path("status").asText()).isEqualTo("UP");
            assertThat(state.path("querycast-scheduler").path("status").asText()).isEqualTo("UP");
            assertThat(state.path("querycast-state").path("details").path("database").asText()).isEqualTo("H2");
            assertThat(health.path("components").path("databases").path("components").path("types").path("status").asText()).isEqualTo("UP");
            // the liveness probe stays open and says no more than UP
            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.body()).doesNotContain("querycast-state");
        }
    }

    private static HttpResponse<String> get(String port, String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString(TestUsers.VIEWER.getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
    }
}

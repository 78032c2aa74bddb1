package io.querycast.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.support.RestartableH2App;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's disable through the API outlives a restart, and names the operator; once the job file's
 * {@code enabled} changes, the file is the newer decision and the API's is forgotten.
 */
class JobSwitchRestartTest extends RestartableH2App {

    static final String JOB = "types-meta";
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aDisabledJobStaysDisabledAfterARestartUntilItsFileSaysOtherwise() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Path jobFile = jobs.resolve(JOB + ".yaml");
        Files.copy(Path.of("src/test/config/h2/jobs", JOB + ".yaml"), jobFile);
        String stateUrl = stateUrl();

        try (ConfigurableApplicationContext app = start(stateUrl, jobs)) {
            assertThat(enabled(app)).isTrue();
            HttpResponse<String> disabled = call(app, "POST", "/api/jobs/" + JOB + "/disable");
            assertThat(disabled.statusCode()).isEqualTo(200);
            assertThat(enabled(app)).isFalse();
            assertThat(routeStatus(app)).as("routes stay started; the scheduler refuses the fires").isEqualTo(ServiceStatus.Started);
        }

        try (ConfigurableApplicationContext app = start(stateUrl, jobs)) {
            assertThat(enabled(app)).as("the operator's disable survives the restart").isFalse();
            JsonNode job = JSON.readTree(call(app, "GET", "/api/jobs/" + JOB).body());
            assertThat(job.path("enabled_in_config").asBoolean()).isTrue();
            assertThat(job.path("enabled").asBoolean()).isFalse();
            assertThat(job.path("switched").path("enabled").asBoolean(true)).isFalse();
            assertThat(job.path("switched").path("by").asText()).isEqualTo("test-operator");
            assertThat(job.path("switched").path("at").asText()).isNotBlank();
            assertThat(job.path("next_fire_time").isNull()).isTrue();
        }

        // the integrator now disables it in the file too: the file's newer decision replaces the API's
        Files.writeString(jobFile, Files.readString(jobFile) + "enabled: false\n");
        try (ConfigurableApplicationContext app = start(stateUrl, jobs)) {
            assertThat(enabled(app)).isFalse();
            assertThat(app.getBean(JobSwitches.class).find(JOB)).as("the API decision is forgotten").isEmpty();
            assertThat(JSON.readTree(call(app, "GET", "/api/jobs/" + JOB).body()).path("switched").isNull()).isTrue();
        }
    }

    private static boolean enabled(ConfigurableApplicationContext app) {
        return app.getBean(JobEnablement.class).enabled(app.getBean(JobCatalog.class).require(JOB));
    }

    private static ServiceStatus routeStatus(ConfigurableApplicationContext app) {
        return app.getBean(CamelContext.class).getRouteController().getRouteStatus(JOB);
    }

    private HttpResponse<String> call(ConfigurableApplicationContext app, String method, String path) throws IOException, InterruptedException {
        String port = app.getEnvironment().getProperty("local.server.port");
        String basic = Base64.getEncoder().encodeToString("test-operator:operator-test-password".getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + basic)
                // every POST to the API is JSON, even without a body
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

package io.querycast.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.job.JobLauncher;
import io.querycast.support.RestartableH2App;
import io.querycast.support.RunAwaiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code logging.structured.format.console=logstash}: JSON lines, and each line of a run carries its run id and job id. */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogTest extends RestartableH2App {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineOfARunCarriesItsRunIdAndJobIdOnEveryThread(CapturedOutput output) throws Exception {
        String runId;
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(io.querycast.QuerycastApplication.class).run(
                "--server.port=0",
                "--querycast.connections-file=src/test/config/h2/connections.yaml",
                "--querycast.jobs-dir=src/test/config/logs/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--QC_TEST_KAFKA=" + kafka.getBrokersAsString(),
                "--logging.structured.format.console=logstash")) {
            runId = app.getBean(JobLauncher.class).runNow("logged", Trigger.MANUAL, Map.of());
            assertThat(RunAwaiter.awaitFinished(app.getBean(RunHistory.class), runId, Duration.ofSeconds(60)).status()).isEqualTo(RunStatus.SUCCESS);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.getOut().split("\\R")) {
            if (line.startsWith("{") && line.contains(runId)) {
                lines.add(JSON.readTree(line));
            }
        }
        List<JsonNode> ofTheRun = lines.stream().filter(l -> l.path("message").asText().matches("Export (started|progress|finished).*")).toList();
        assertThat(ofTheRun).extracting(l -> l.path("message").asText().replaceAll(":.*", ""))
                .contains("Export started", "Export progress", "Export finished");
        assertThat(ofTheRun).allSatisfy(l -> {
            assertThat(l.path("run_id").asText()).isEqualTo(runId);
            assertThat(l.path("job_id").asText()).isEqualTo("logged");
        });
        assertThat(ofTheRun.stream().map(l -> l.path("thread_name").asText()).distinct())
                .as("the Quartz thread and batch threads").hasSizeGreaterThan(1);
    }
}

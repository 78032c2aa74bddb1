package io.querycast.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.support.AppProcess;
import io.querycast.support.RestartableH2App;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logging.structured.format.console=logstash}: JSON lines, and each line of a run carries its run id and job
 * id, on every thread that logs for it. In a JVM of its own: Spring Boot sets the logging system up once per JVM
 * while other applications (the tests' cached ones) keep it.
 */
class StructuredLogTest extends RestartableH2App {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineOfARunCarriesItsRunIdAndJobIdOnEveryThread() throws Exception {
        AppProcess app = AppProcess.start("io.querycast.support.ExportOnce", "json-logs", dir, Map.of("QC_TEST_KAFKA", kafka.getBrokersAsString()),
                "--querycast.connections-file=src/test/config/h2/connections.yaml",
                "--querycast.jobs-dir=src/test/config/logs/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--querycast.test.export-once-job=logged",
                "--logging.structured.format.console=logstash");
        try {
            app.awaitInLog("EXPORT-ONCE status=success", Duration.ofMinutes(2));
        } finally {
            app.close();
        }
        String output = app.output();
        Matcher started = Pattern.compile("Export started: job=logged run=(\\S+)").matcher(output);
        assertThat(started.find()).as("a run; log: " + app.log()).isTrue();
        String runId = started.group(1);
        List<JsonNode> ofTheRun = new ArrayList<>();
        for (String line : output.split("\\R")) {
            if (line.startsWith("{") && line.contains("run=" + runId)) {
                ofTheRun.add(JSON.readTree(line));
            }
        }
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

package io.querycast.local;

import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's route files (routes/templates, routes/steps) run outside Spring Boot, under camel-main as the
 * Camel CLI's {@code camel run} does, wired by tools/camel-run/application.properties and beans.yaml
 * ({@link LocalRun}): a job reads H2 and exports to a real KRaft broker, record steps included.
 */
class LocalRunTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static EmbeddedKafkaKraftBroker broker;
    static Main main;
    /** Embedded brokers of Spring tests earlier in the same JVM leave their address in this system property. */
    static String earlierBroker;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1, "qc.shape.wrapped", "qc.shape.wrapped.DLT", "qc.shape.nullpart", "qc.shape.nullpart.DLT",
                "qc.shape.steps", "qc.shape.steps.DLT");
        broker.afterPropertiesSet();
        main = new Main();
        main.setPropertyPlaceholderLocations("file:tools/camel-run/application.properties");
        main.addOverrideProperty("querycast.connections-file", "src/test/config/shape/connections.yaml");
        main.addOverrideProperty("querycast.jobs-dir", "src/test/config/shape/jobs");
        main.addOverrideProperty("querycast.queries-dir", "src/test/config/shape/queries");
        main.addOverrideProperty("querycast.state.url", "jdbc:h2:mem:querycast-local-test;DB_CLOSE_DELAY=-1");
        main.addOverrideProperty("querycast.local.run", "shape-steps");
        // Camel lets system properties win over its own: the connections file's ${QC_TEST_KAFKA} must name this broker
        earlierBroker = System.setProperty("QC_TEST_KAFKA", broker.getBrokersAsString());
        main.start();
    }

    @AfterAll
    static void stop() {
        if (main != null) {
            main.stop();
        }
        if (broker != null) {
            broker.destroy();
        }
        if (earlierBroker == null) {
            System.clearProperty("QC_TEST_KAFKA");
        } else {
            System.setProperty("QC_TEST_KAFKA", earlierBroker);
        }
    }

    @Test
    void theRouteFilesExportToARealBrokerWithoutSpringBoot() {
        assertThat(main.getCamelContext().getClass().getName()).doesNotContain("spring");
        RunHistory history = main.getCamelContext().getRegistry().lookupByNameAndType("runHistory", RunHistory.class);
        JobLauncher launcher = main.getCamelContext().getRegistry().lookupByNameAndType("jobLauncher", JobLauncher.class);

        // querycast.local.run started shape-steps at start: its steps drop two rows and tag the third
        List<ConsumerRecord<String, byte[]>> stepped = TopicReader.readAll(broker.getBrokersAsString(), "qc.shape.steps", 1, WAIT);
        assertThat(stepped).extracting(ConsumerRecord::key).containsExactly("K1|nk1");
        assertThat(new String(stepped.get(0).headers().lastHeader("origin").value(), StandardCharsets.UTF_8)).isEqualTo("querycast/shape-steps");

        String runId = launcher.runNow("shape-wrapped", Trigger.MANUAL, Map.of());
        RunRecord run = RunAwaiter.awaitFinished(history, runId, WAIT);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(List.of(run.rowsRead(), run.sent())).containsExactly(3L, 3L);
        assertThat(TopicReader.readAll(broker.getBrokersAsString(), "qc.shape.wrapped", 3, WAIT)).extracting(ConsumerRecord::key)
                .containsExactly("A/K1", "A/K2", "B/K3");
        assertThat(history.recent("shape-steps", 5)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.SUCCESS);
            assertThat(r.skipped()).isEqualTo(2);
        });
    }
}

package io.querycast.support;

import io.querycast.QuerycastApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.file.Path;

/**
 * For tests that close the whole application and start it again on the same state store: an in-process
 * KRaft broker, the H2 test jobs (src/test/config/h2), and a state store on an H2 file in a temp dir.
 */
public abstract class RestartableH2App {

    protected static EmbeddedKafkaKraftBroker kafka;

    @TempDir
    protected Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = new EmbeddedKafkaKraftBroker(1, 2, "qc.types.meta", "qc.types.meta.DLT");
        kafka.afterPropertiesSet();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.destroy();
        }
    }

    /** An H2 file that outlives the application: H2 must not close it from its own shutdown hook. */
    protected String stateUrl() {
        return "jdbc:h2:file:" + dir.resolve("querycast-state") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    protected ConfigurableApplicationContext start(String stateUrl) {
        return start(stateUrl, Path.of("src/test/config/h2/jobs"));
    }

    protected ConfigurableApplicationContext start(String stateUrl, Path jobsDir) {
        return new SpringApplicationBuilder(QuerycastApplication.class).run(
                "--server.port=0",
                "--querycast.connections-file=src/test/config/h2/connections.yaml",
                "--querycast.jobs-dir=" + jobsDir,
                "--querycast.queries-dir=src/test/queries",
                "--QC_TEST_KAFKA=" + kafka.getBrokersAsString(),
                "--querycast.state.url=" + stateUrl);
    }
}

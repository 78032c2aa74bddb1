package io.querycast.export;

import io.querycast.QuerycastApplication;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.ConsoleCapture;
import io.querycast.support.KafkaBrokerProcess;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TestCertificates;
import io.querycast.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports through the real route to a real broker secured as the seeds' clusters are, in its own JVM: a
 * {@code SASL_SSL} listener with SCRAM-SHA-512 (the user created when the broker's storage is formatted) that
 * the client trusts through a PEM CA file, and a mutual-TLS listener that requires a client certificate; the
 * CA and every certificate made by the test (Bouncy Castle). A wrong password and a client certificate of an
 * untrusted CA each end their run with an error naming the connection, and no password reaches the log.
 * One broker (both listeners) and one application for the whole class.
 */
class SecuredClusterExportTest {

    static final String SCRAM_PASSWORD = "Qc-Scram-Secret-5512";
    static final String WRONG_PASSWORD = "Qc-Wrong-Secret-0917";
    static final String STORE_PASSWORD = "Qc-Store-Secret-3380";
    static final Duration WAIT = Duration.ofMinutes(2);
    /** Everything the JVM prints while the class runs (the application's log included). */
    static ConsoleCapture log;
    static KafkaBrokerProcess broker;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        log = ConsoleCapture.start();
        Path dir = Files.createTempDirectory("qc-secured-broker");
        TestCertificates.Stores stores = TestCertificates.write(dir.resolve("tls"), STORE_PASSWORD);
        broker = KafkaBrokerProcess.secured(dir, stores, Map.of("querycast", SCRAM_PASSWORD));
        broker.start();
        broker.createTopics(2, "qc.sec.sasl", "qc.sec.sasl.DLT", "qc.sec.mtls", "qc.sec.mtls.DLT");
        app = new SpringApplicationBuilder(QuerycastApplication.class).run(
                "--server.port=0",
                "--querycast.connections-file=src/test/config/secured/connections.yaml",
                "--querycast.jobs-dir=src/test/config/secured/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--querycast.defaults.max-redeliveries=0",
                "--QC_SEC_SASL_SSL=" + broker.saslSslBootstrap(),
                "--QC_SEC_MTLS=" + broker.mtlsBootstrap(),
                "--QC_SEC_CA_PEM=" + stores.caPem().toAbsolutePath(),
                "--QC_SEC_CLIENT_KEYSTORE=" + stores.clientKeystore().toAbsolutePath(),
                "--QC_SEC_UNTRUSTED_KEYSTORE=" + stores.untrustedClientKeystore().toAbsolutePath(),
                "--QC_SEC_SCRAM_PASSWORD=" + SCRAM_PASSWORD,
                "--QC_SEC_WRONG_PASSWORD=" + WRONG_PASSWORD,
                "--QC_SEC_STORE_PASSWORD=" + STORE_PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (app != null) {
                app.close();
            }
            if (broker != null) {
                broker.close();
            }
        } finally {
            log.stop();
        }
    }

    static RunRecord run(String job) {
        String runId = app.getBean(JobLauncher.class).runNow(job, Trigger.API, Map.of());
        return RunAwaiter.awaitFinished(app.getBean(RunHistory.class), runId, WAIT);
    }

    static List<String> keysOfRun(String topic, RunRecord run) {
        return TopicReader.readAll(broker.bootstrap(), topic, 2, WAIT).stream()
                .filter(r -> new String(r.headers().lastHeader("export_id").value(), StandardCharsets.UTF_8).equals(run.runId()))
                .map(ConsumerRecord::key).sorted().toList();
    }

    @Test
    void exportsOverSaslSslWithScramAndAPemCaFile() {
        RunRecord run = run("secured-sasl-ssl");
        assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.rowsRead()).isEqualTo(2);
        assertThat(run.sent()).isEqualTo(2);
        assertThat(keysOfRun("qc.sec.sasl", run)).containsExactly("K1", "K2");
    }

    @Test
    void exportsOverMutualTls() {
        RunRecord run = run("secured-mtls");
        assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.sent()).isEqualTo(2);
        assertThat(keysOfRun("qc.sec.mtls", run)).containsExactly("K1", "K2");
    }

    @Test
    void aWrongPasswordEndsTheRunNamingTheConnection() {
        RunRecord run = run("secured-wrong-password");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.sent()).isZero();
        assertThat(run.error()).contains("Kafka connection 'sasl_ssl_wrong_password'").contains("SaslAuthenticationException")
                .doesNotContain(WRONG_PASSWORD);
        assertNoSecretLogged();
    }

    @Test
    void aCertificateTheBrokerDoesNotTrustEndsTheRunNamingTheConnection() {
        RunRecord run = run("secured-untrusted-certificate");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.sent()).isZero();
        assertThat(run.error()).contains("Kafka connection 'mtls_untrusted'").contains("SslAuthenticationException")
                .doesNotContain(STORE_PASSWORD);
        assertNoSecretLogged();
    }

    static void assertNoSecretLogged() {
        assertThat(log.text()).contains("Export finished").doesNotContain(SCRAM_PASSWORD).doesNotContain(WRONG_PASSWORD).doesNotContain(STORE_PASSWORD);
    }
}

package io.querycast.feed;

import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RunAwaiter;
import io.querycast.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bulk exactly-once run that fails mid-run (a record too large for the producer makes the transaction abortable): a
 * read_committed consumer sees nothing of it, on the topic and on the dead-letter topic, and the history says sent 0 and
 * how many records were aborted. Once the row is fixed, the next run (the same transactional producer) delivers the whole
 * result once, its dead letter (a row without a key) included, exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "querycast.connections-file=src/test/config/eos/connections.yaml",
        "querycast.jobs-dir=src/test/config/eos/jobs",
        "querycast.queries-dir=src/test/queries",
        "querycast.state.url=jdbc:h2:mem:eos-abort;DB_CLOSE_DELAY=-1"})
// a single broker: the transaction state log must fit on it (the broker default is 3 replicas, min.isr 2)
@EmbeddedKafka(kraft = true, partitions = 2, bootstrapServersProperty = "QC_TEST_KAFKA", topics = {"qc.eos.abort", "qc.eos.abort.DLT"},
        brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class ExactlyOnceAbortTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    JobLauncher launcher;
    @Autowired
    RunHistory history;
    @Value("${QC_TEST_KAFKA}")
    String bootstrap;

    @Test
    void aFailedRunIsInvisibleToReadCommittedAndTheNextRunDeliversEverythingOnce() throws Exception {
        RunRecord failed = run();
        assertThat(failed.status()).as(failed.error()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.sent()).as("nothing visible").isZero();
        assertThat(failed.deadLettered()).isZero();
        assertThat(failed.sent() + failed.failed() + failed.deadLettered()).isEqualTo(failed.rowsRead());
        assertThat(failed.error()).contains("transaction aborted").contains("record(s) written in it are not visible");
        assertThat(TopicReader.readAll(bootstrap, "qc.eos.abort", 0, Duration.ofSeconds(3))).as("read_committed, topic").isEmpty();
        assertThat(TopicReader.readAll(bootstrap, "qc.eos.abort.DLT", 0, Duration.ofSeconds(3))).as("read_committed, dead letters").isEmpty();
        int abortedOnTopic = TopicReader.readToEnd(bootstrap, "qc.eos.abort", false, WAIT).size();

        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:qc-eos;DB_CLOSE_DELAY=-1", "sa", "");
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE EOS_ROWS SET PAYLOAD = 'fixed' WHERE ID = 500");
        }
        RunRecord next = run();
        assertThat(next.status()).as(next.error()).isEqualTo(RunStatus.PARTIAL);
        assertThat(next.sent()).isEqualTo(999);
        assertThat(next.deadLettered()).isEqualTo(1);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readToEnd(bootstrap, "qc.eos.abort", true, WAIT);
        Set<String> keys = new HashSet<>();
        records.forEach(r -> keys.add(r.key()));
        assertThat(records).as("no duplicates").hasSize(999);
        assertThat(keys).isEqualTo(new HashSet<>(IntStream.rangeClosed(1, 1000).filter(i -> i != 700).mapToObj(i -> "E" + i).toList()));
        assertThat(TopicReader.readToEnd(bootstrap, "qc.eos.abort.DLT", true, WAIT)).as("the dead letter, once").hasSize(1);
        System.out.printf("EOS-ABORT failed_run read=%d failed=%d aborted_records_on_topic(read_uncommitted)=%d; next_run sent=%d"
                + " dead_lettered=%d read_committed=%d distinct=%d%n", failed.rowsRead(), failed.failed(), abortedOnTopic, next.sent(),
                next.deadLettered(), records.size(), keys.size());
    }

    private RunRecord run() {
        String runId = launcher.runNow("eos-bulk-abort", Trigger.MANUAL, Map.of());
        return RunAwaiter.awaitFinished(history, runId, WAIT);
    }
}

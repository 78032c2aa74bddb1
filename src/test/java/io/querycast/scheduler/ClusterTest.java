package io.querycast.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querycast.support.AppProcess;
import io.querycast.support.StateDatabases;
import io.querycast.support.TestUsers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances as separate JVMs sharing a PostgreSQL state store and a real broker (issue 15's proof). The
 * lean version runs in every {@code mvn test}: 2 instances, a job firing every 2 s, 30 fires. The long one is
 * {@code mvn test -Dtest=ClusterTest -Dquerycast.cluster.instances=3 -Dquerycast.cluster.fires=120}
 * (bench/cluster.sh): instances after the second join once half the fires ran. It prints the fires per
 * instance and the failover time ({@code CLUSTER ...} lines), the figures in docs/deployment.md.
 * <ul>
 * <li>each fire of {@code tick} runs exactly once in the cluster: one run per due time, none missing, and the
 * topic holds exactly the records of those runs, one export id per run;</li>
 * <li>manual runs of one job sent to two instances at once: both accepted, they run one after the other;</li>
 * <li>the instance running {@code slow} is killed with SIGKILL: its run is recorded {@code interrupted} with its
 * checkpointed counts by another instance, which recovers the job ({@code recovery}); the next {@code tick} fires
 * run on the survivors within the misfire threshold;</li>
 * <li>the history API of any instance shows the cluster's runs with the instance that ran each; a disable on one
 * instance stops the job's fires on all, an enable on another brings them back.</li>
 * </ul>
 */
class ClusterTest {

    static final int INSTANCES = Integer.getInteger("querycast.cluster.instances", 2);
    static final int FIRES = Integer.getInteger("querycast.cluster.fires", 30);
    static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    static EmbeddedKafkaKraftBroker kafka;
    static String stateUrl;
    static String sourceUrl;
    static JdbcTemplate state;

    @TempDir
    static Path dir;

    @BeforeAll
    static void infrastructure() {
        kafka = new EmbeddedKafkaKraftBroker(1, 3, "qc.cluster.tick", "qc.cluster.tick.DLT", "qc.cluster.slow", "qc.cluster.slow.DLT");
        kafka.afterPropertiesSet();
        stateUrl = StateDatabases.freshPostgres("cluster_state");
        sourceUrl = StateDatabases.freshPostgres("cluster_source");
        state = new JdbcTemplate(new DriverManagerDataSource(stateUrl, "postgres", ""));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.destroy();
        }
    }

    private static AppProcess node(int n) throws Exception {
        return AppProcess.start("node-" + n, dir, Map.of("QC_TEST_KAFKA", kafka.getBrokersAsString(), "QC_CLUSTER_SOURCE_URL", sourceUrl),
                "--querycast.connections-file=src/test/config/cluster/connections.yaml",
                "--querycast.jobs-dir=src/test/config/cluster/jobs",
                "--querycast.queries-dir=src/test/config/cluster/queries",
                "--querycast.state.url=" + stateUrl,
                "--querycast.state.username=postgres",
                "--querycast.state.instance-id=node-" + n,
                "--querycast.scheduler.checkin-interval=1s",
                "--querycast.scheduler.misfire-threshold=" + MISFIRE_THRESHOLD.toSeconds() + "s",
                "--querycast.history.checkpoint-interval=1s",
                "--querycast.history.orphan-after=5s");
    }

    record Run(String id, String job, String instance, String trigger, String status, Instant due, Instant started, Instant finished,
               long read, long sent, long failed, String error) {
    }

    static List<Run> runs(String job) {
        return state.query("SELECT export_id, job_id, instance_id, trigger_type, status, due_at, started_at, finished_at, rows_read, sent,"
                        + " failed, error_text FROM querycast_runs WHERE job_id = ? ORDER BY started_at",
                (rs, i) -> new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), instant(rs.getTimestamp(6)),
                        instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getString(12)),
                job);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Test
    void eachFireRunsOnceManualRunsQueueAndAKilledInstancesWorkMovesOn() throws Exception {
        List<AppProcess> nodes = new ArrayList<>();
        try {
            nodes.add(node(1));
            nodes.add(node(2));
            for (AppProcess n : nodes) {
                n.awaitReady(Duration.ofMinutes(3));
            }
            Instant clusterUp = Instant.now();
            int firstHalf = INSTANCES > 2 ? FIRES / 2 : FIRES;
            await().atMost(Duration.ofSeconds(firstHalf * 2L + 120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> done(runs("tick")) >= firstHalf);
            for (int n = 3; n <= INSTANCES; n++) {
                AppProcess joining = node(n);
                nodes.add(joining);
                joining.awaitReady(Duration.ofMinutes(3));
            }
            await().atMost(Duration.ofSeconds(FIRES * 2L + 120)).pollInterval(Duration.ofSeconds(1)).until(() -> done(runs("tick")) >= FIRES);

            // ---- manual runs of one job sent to two instances at once: one runs, the other waits for it
            CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> run(nodes.get(0), "slow", "{\"parameters\": {\"ROWS\": \"100\"}}"));
            CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> run(nodes.get(1), "slow", "{\"parameters\": {\"ROWS\": \"100\"}}"));
            String runA = JSON.readTree(a.get().body()).path("run_id").asText();
            String runB = JSON.readTree(b.get().body()).path("run_id").asText();
            assertThat(a.get().statusCode()).isEqualTo(202);
            assertThat(b.get().statusCode()).isEqualTo(202);
            assertThat(runA).as("run ids are reserved cluster-wide").isNotEqualTo(runB);
            await().atMost(Duration.ofMinutes(2)).until(() -> runs("slow").stream().filter(r -> r.status().equals("success")).count() == 2);
            List<Run> manual = runs("slow");
            assertThat(manual).extracting(Run::id).containsExactlyInAnyOrder(runA, runB);
            assertThat(manual.get(1).started()).as("the second waited for the first (one run of a job at a time, cluster-wide)")
                    .isAfterOrEqualTo(manual.get(0).finished().minusMillis(50));
            assertThat(manual).allSatisfy(r -> assertThat(r.sent()).isEqualTo(100));

            // ---- SIGKILL the instance running a long run of slow. Quartz keeps a trigger with the instance that fired it
            // last (it takes the next fire at once), so the request goes to tick's instance, where it most likely runs too
            List<Run> ticksSoFar = runs("tick");
            String tickHolder = ticksSoFar.get(ticksSoFar.size() - 1).instance();
            AppProcess holder = nodes.stream().filter(n -> n.name().equals(tickHolder)).findFirst().orElseThrow();
            String longRun = JSON.readTree(run(holder, "slow", "{\"parameters\": {\"ROWS\": \"600\"}}").body()).path("run_id").asText();
            await().atMost(Duration.ofMinutes(1)).until(() -> runs("slow").stream().anyMatch(r -> r.id().equals(longRun) && r.read() >= 100));
            String victimName = runs("slow").stream().filter(r -> r.id().equals(longRun)).findFirst().orElseThrow().instance();
            AppProcess victim = nodes.stream().filter(n -> n.name().equals(victimName)).findFirst().orElseThrow();
            victim.kill();
            Instant killedAt = Instant.now();
            List<AppProcess> survivors = nodes.stream().filter(n -> n != victim).toList();

            await().atMost(Duration.ofMinutes(1)).until(() -> statusOf(longRun).equals("interrupted"));
            Run killed = runs("slow").stream().filter(r -> r.id().equals(longRun)).findFirst().orElseThrow();
            assertThat(killed.read()).as("its checkpointed counts, not zero").isGreaterThanOrEqualTo(100);
            assertThat(killed.sent() + killed.failed()).isEqualTo(killed.read());
            assertThat(killed.finished()).isBefore(killedAt.plusSeconds(1));
            assertThat(killed.error()).contains("instance " + victimName + " stopped during the run");
            await().atMost(Duration.ofMinutes(2)).until(() -> runs("slow").stream()
                    .anyMatch(r -> r.trigger().equals("recovery") && r.status().equals("success")));
            Run recovered = runs("slow").stream().filter(r -> r.trigger().equals("recovery")).findFirst().orElseThrow();
            assertThat(recovered.instance()).isNotEqualTo(victimName);
            assertThat(recovered.sent()).as("the recovered request keeps its parameters").isEqualTo(600);

            // the next fires of tick run on the survivors, within the misfire threshold
            await().atMost(MISFIRE_THRESHOLD).until(() -> runs("tick").stream()
                    .filter(r -> r.started().isAfter(killedAt) && r.status().equals("success")).count() >= 3);
            List<Run> afterKill = runs("tick").stream().filter(r -> r.started().isAfter(killedAt)).toList();
            assertThat(afterKill).extracting(Run::instance).doesNotContain(victimName);
            Instant firstAfterKill = afterKill.get(0).started();
            Duration failover = Duration.between(killedAt, firstAfterKill);
            Duration worstLate = afterKill.stream().map(r -> Duration.between(r.due(), r.started())).max(Duration::compareTo).orElseThrow();
            assertThat(worstLate).isLessThan(MISFIRE_THRESHOLD);

            // ---- the history of any instance shows the whole cluster's runs and who ran each
            JsonNode history = JSON.readTree(survivors.get(0).call("GET", "/api/history?job=tick&limit=500", TestUsers.VIEWER, null).body());
            Set<String> shownInstances = new HashSet<>();
            history.path("runs").forEach(r -> shownInstances.add(r.path("instance").asText()));
            assertThat(shownInstances).containsAll(runs("tick").stream().map(Run::instance).collect(Collectors.toSet()));

            // ---- disable on one instance: no instance runs the job; enable on another: back
            assertThat(survivors.get(0).call("POST", "/api/jobs/tick/disable", TestUsers.OPERATOR, null).statusCode()).isEqualTo(200);
            Instant disabledAt = Instant.now();
            await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(disabledAt.plusSeconds(7)));
            assertThat(runs("tick")).as("no fire ran once the job was disabled (one might have started as it was)")
                    .filteredOn(r -> r.started().isAfter(disabledAt.plusSeconds(1))).isEmpty();
            AppProcess other = survivors.get(survivors.size() - 1);
            assertThat(other.call("POST", "/api/jobs/tick/enable", TestUsers.OPERATOR, null).statusCode()).isEqualTo(200);
            Instant enabledAt = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> runs("tick").stream().anyMatch(r -> r.started().isAfter(enabledAt)));

            // ---- each fire ran exactly once: one run per due time, every due time from the first to the last disabled one
            List<Run> ticks = runs("tick").stream().filter(r -> r.due().isBefore(disabledAt)).toList();
            Map<Instant, Long> perDue = ticks.stream().collect(Collectors.groupingBy(Run::due, TreeMap::new, Collectors.counting()));
            assertThat(perDue.values()).as("no fire ran twice").allMatch(c -> c == 1);
            Instant first = ticks.get(0).due();
            Instant last = ((TreeMap<Instant, Long>) perDue).lastKey();
            List<Instant> missing = new ArrayList<>();
            for (Instant t = first; !t.isAfter(last); t = t.plusSeconds(2)) {
                if (!perDue.containsKey(t)) {
                    missing.add(t);
                }
            }
            assertThat(missing).as("no fire was lost, the kill included").isEmpty();
            assertThat(ticks).allSatisfy(r -> assertThat(r.status()).isEqualTo("success"));
            assertThat(ticks).extracting(Run::trigger).containsOnly("cron");

            // the topic holds exactly the records of the runs: 3 per run, one export id per run, no duplicates.
            // Disabled again first, so that no fire runs between counting the runs and reading the topic
            assertThat(other.call("POST", "/api/jobs/tick/disable", TestUsers.OPERATOR, null).statusCode()).isEqualTo(200);
            Instant disabledAgain = Instant.now();
            await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(disabledAgain.plusSeconds(3))
                    && runs("tick").stream().noneMatch(r -> r.status().equals("running")));
            List<Run> allTicks = runs("tick");
            long sent = allTicks.stream().mapToLong(Run::sent).sum();
            List<ConsumerRecord<String, byte[]>> records = io.querycast.support.TopicReader.readAll(kafka.getBrokersAsString(),
                    "qc.cluster.tick", (int) sent, Duration.ofSeconds(60));
            assertThat(records.size()).as("records on the topic = records the runs counted sent").isEqualTo((int) sent);
            Map<String, Long> perExport = records.stream().collect(Collectors.groupingBy(
                    r -> new String(r.headers().lastHeader("export_id").value(), StandardCharsets.UTF_8), Collectors.counting()));
            assertThat(perExport).hasSize(allTicks.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(3L));

            Map<String, Long> perInstance = ticks.stream().collect(Collectors.groupingBy(Run::instance, TreeMap::new, Collectors.counting()));
            System.out.printf("CLUSTER instances=%d fires=%d (due %s .. %s) per_instance=%s duplicates=0 missing=0 topic_records=%d runs_on_topic=%d%n",
                    INSTANCES, ticks.size(), first, last, perInstance, records.size(), perExport.size());
            System.out.printf("CLUSTER failover: %s (%s) SIGKILLed at %s while running %s (read %d, recorded interrupted); first tick on a survivor %.1f s"
                            + " later; latest tick start after the kill %.1f s after its due time (misfire threshold %d s); recovery run %s on %s%n",
                    victimName, victimName.equals(tickHolder) ? "tick's instance" : "not tick's instance", killedAt, longRun, killed.read(),
                    failover.toMillis() / 1000.0, worstLate.toMillis() / 1000.0,
                    MISFIRE_THRESHOLD.toSeconds(), recovered.id(), recovered.instance());
            System.out.printf("CLUSTER manual: %s on %s %s..%s, %s on %s %s..%s%n", manual.get(0).id(), manual.get(0).instance(),
                    manual.get(0).started(), manual.get(0).finished(), manual.get(1).id(), manual.get(1).instance(), manual.get(1).started(),
                    manual.get(1).finished());
            System.out.printf("CLUSTER up for %s s%n", Duration.between(clusterUp, Instant.now()).toSeconds());
        } finally {
            for (AppProcess n : nodes) {
                n.close();
            }
        }
    }

    private static long done(List<Run> runs) {
        return runs.stream().filter(r -> !r.status().equals("running")).count();
    }

    private static String statusOf(String runId) {
        return state.queryForObject("SELECT status FROM querycast_runs WHERE export_id = ?", String.class, runId);
    }

    private static HttpResponse<String> run(AppProcess node, String job, String body) {
        try {
            return node.call("POST", "/api/jobs/" + job + "/run", TestUsers.OPERATOR, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

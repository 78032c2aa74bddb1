package io.querycast.demo;

import io.querycast.config.Connections;
import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Runs the sample job once the demo is up, then prints where its messages went and how many there are. */
@TestConfiguration(proxyBeanMethods = false)
public class DemoRunner {

    private final JobCatalog jobs;
    private final JobLauncher launcher;
    private final RunHistory history;
    private final Connections connections;
    private final int port;

    public DemoRunner(JobCatalog jobs, JobLauncher launcher, RunHistory history, Connections connections,
                      @Value("${local.server.port:${server.port:8080}}") int port) {
        this.jobs = jobs;
        this.launcher = launcher;
        this.history = history;
        this.connections = connections;
        this.port = port;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void runSampleJob() {
        ExportJob job = jobs.all().iterator().next();
        Thread t = new Thread(() -> runAndReport(job), "demo-runner");
        t.setDaemon(true);
        t.start();
    }

    private void runAndReport(ExportJob job) {
        try {
            launcher.runNow(job.id(), Trigger.MANUAL, Map.of());
            RunRecord run = awaitRun(job.id(), Duration.ofMinutes(5));
            String bootstrap = connections.kafka(job.kafkaConnection()).orElseThrow().bootstrapServers();
            long onTopic = countMessages(bootstrap, job.topic());
            String line = "=".repeat(78);
            System.out.println();
            System.out.println(line);
            System.out.println(" Querycast demo: export job '" + job.id() + "' ran (" + job.file() + ")");
            System.out.printf(" Run           : %s -> %s, %,d rows read, %,d sent, %,d failed, %.1f s%n", run.runId(),
                    run.status(), run.rowsRead(), run.sent(), run.failed(), run.duration().toMillis() / 1000.0);
            System.out.printf(" Kafka         : topic '%s' on %s now holds %,d messages%n", job.topic(), bootstrap, onTopic);
            System.out.println(" Schedule      : '" + job.schedule().original() + "' (Quartz '" + job.schedule().quartz() + "')");
            System.out.println(" Dashboard     : http://localhost:" + port + "/ (sign in with the demo credentials printed at start)");
            System.out.println(" Health        : http://localhost:" + port + "/actuator/health");
            System.out.println(" Metrics       : http://localhost:" + port + "/actuator/prometheus");
            System.out.println(" API           : http://localhost:" + port + "/api/jobs (docs/api.md; demo credentials printed at start)");
            System.out.println(" Read them     : kafka-console-consumer.sh --bootstrap-server " + bootstrap
                    + " --topic " + job.topic() + " --from-beginning --property print.key=true");
            System.out.println(" Stop with Ctrl+C.");
            System.out.println(line);
        } catch (Exception e) {
            System.err.println("Querycast demo: the sample run did not complete: " + e);
        }
    }

    private RunRecord awaitRun(String jobId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<RunRecord> last = history.recent(jobId, 1).stream().findFirst();
            if (last.isPresent() && last.get().status() != RunStatus.RUNNING) {
                return last.get();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no finished run of " + jobId + " within " + timeout);
    }

    static long countMessages(String bootstrap, String topic) throws Exception {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(cfg)) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, OffsetSpec> earliest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()));
            long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            long start = admin.listOffsets(earliest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            return end - start;
        }
    }
}

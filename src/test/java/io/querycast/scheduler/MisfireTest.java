package io.querycast.scheduler;

import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import io.querycast.support.RestartableH2App;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.CronExpression;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application stopped across a fire time (the seeds stop the service for every release) and started again:
 * Quartz's persistent store knows the fire was missed. Within the job's grace period: one catch-up run, trigger
 * {@code misfire}, due at the missed fire time; beyond it with {@code misfire_policy: skip}: none, and a log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class MisfireTest extends RestartableH2App {

    static final String EVERY_TEN_SECONDS = "0/10 * * * * ?";

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(io.querycast.QuerycastApplication.class).run(
                "--server.port=0",
                "--querycast.connections-file=src/test/config/h2/connections.yaml",
                "--querycast.jobs-dir=src/test/config/misfire/jobs",
                "--querycast.queries-dir=src/test/queries",
                "--QC_TEST_KAFKA=" + kafka.getBrokersAsString(),
                "--querycast.state.url=" + stateUrl(),
                // a fire more than 1 s late is a misfire (default 60 s), so that a test outage of seconds is one
                "--querycast.scheduler.misfire-threshold=1s");
    }

    @Test
    void aFireMissedWhileStoppedIsCaughtUpOnceWithinTheGraceAndSkippedBeyondIt(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            RunHistory history = app.getBean(RunHistory.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> finished(history, "catch-up") >= 1 && finished(history, "skip-late") >= 1);
        }
        Instant stoppedAt = Instant.now();
        Instant missed = new CronExpression(EVERY_TEN_SECONDS).getNextValidTimeAfter(Date.from(stoppedAt)).toInstant();
        // stopped across that fire time, and then some
        await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(missed.plusSeconds(2)));

        try (ConfigurableApplicationContext app = start()) {
            RunHistory history = app.getBean(RunHistory.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> runs(history, "catch-up", Trigger.MISFIRE).size() == 1);
            RunRecord catchUp = runs(history, "catch-up", Trigger.MISFIRE).get(0);
            assertThat(catchUp.dueAt()).as("due at the fire missed while stopped").isEqualTo(missed);
            assertThat(catchUp.startedAt()).isAfter(missed.plusSeconds(2));
            await().atMost(Duration.ofSeconds(60)).until(() -> history.find(catchUp.runId()).orElseThrow().status() == RunStatus.SUCCESS);

            // the schedule goes on: the next regular fire of each job runs as usual, and no second catch-up came
            await().atMost(Duration.ofSeconds(60)).until(() -> runs(history, "skip-late", Trigger.CRON).stream()
                    .anyMatch(r -> r.dueAt().isAfter(missed) && r.status() == RunStatus.SUCCESS));
            assertThat(runs(history, "catch-up", Trigger.MISFIRE)).hasSize(1);
            assertThat(runs(history, "skip-late", Trigger.MISFIRE)).as("beyond its 1 s grace: not caught up").isEmpty();
            assertThat(output.getOut()).containsPattern("Export job skip-late: the fire due at " + missed
                    + " starts \\d+ s late, beyond its misfire grace of 1 s: skipped \\(misfire_policy: skip\\)");
            assertThat(output.getOut()).contains("Export job catch-up: catching up the fire due at " + missed);
        }
    }

    private static long finished(RunHistory history, String job) {
        return history.recent(job, 50).stream().filter(r -> r.status() != RunStatus.RUNNING).count();
    }

    private static List<RunRecord> runs(RunHistory history, String job, Trigger trigger) {
        return history.recent(job, 100).stream().filter(r -> r.trigger() == trigger).toList();
    }
}

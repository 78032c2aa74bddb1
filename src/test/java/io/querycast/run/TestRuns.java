package io.querycast.run;

import io.querycast.job.CronSchedule;
import io.querycast.job.ExportJob;
import io.querycast.message.ExportMetadata;
import io.querycast.message.JsonColumns;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Export runs as the route's lifecycle makes them, for tests of what records runs. */
public final class TestRuns {

    private TestRuns() {
    }

    public static ExportJob job(String id) {
        return new ExportJob(id, id + ".yaml", "", true, id + ".sql", "db-" + id, CronSchedule.parse("0 8 * * *"), ZoneOffset.UTC,
                Map.of(), "kafka-" + id, "topic." + id, "ID", 100, true, false, JsonColumns.EMBED, 10_000,
                new ExportJob.Delivery(3, Duration.ofMillis(100), "topic." + id + ".DLT", 95.0));
    }

    public static ExportRun start(String runId, ExportJob job, Trigger trigger, Map<String, String> parameters, Instant at) {
        return new ExportRun(runId, job, trigger, parameters, at, new ExportMetadata(job.id(), job.queryFile(), job.dbConnection(), at.toString(), runId));
    }

    public static void complete(ExportRun run, RunStatus status, String error, Instant at) {
        run.complete(status, error, at);
    }
}

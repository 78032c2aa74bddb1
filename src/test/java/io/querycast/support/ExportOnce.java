package io.querycast.support;

import io.querycast.QuerycastApplication;
import io.querycast.run.JobLauncher;
import io.querycast.run.RunHistory;
import io.querycast.run.RunRecord;
import io.querycast.run.RunStatus;
import io.querycast.run.Trigger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.querycast.metrics.ExportMeters;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts the real application in its own JVM (so a test can give it a small heap), runs one job once,
 * prints one {@code EXPORT-ONCE} line with the run's figures and the heap peak, and exits 0 on success.
 */
public final class ExportOnce {

    private ExportOnce() {
    }

    public static void main(String[] args) {
        SpringApplication.from(QuerycastApplication::main).with(Runner.class).run(args);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Runner {

        @EventListener
        public void onReady(ApplicationReadyEvent event) {
            ConfigurableApplicationContext ctx = event.getApplicationContext();
            String jobId = ctx.getEnvironment().getRequiredProperty("querycast.test.export-once-job");
            Thread t = new Thread(() -> run(ctx, jobId), "export-once");
            t.start();
        }

        private static void run(ConfigurableApplicationContext ctx, String jobId) {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            AtomicLong peak = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            int code = 1;
            try {
                String runId = ctx.getBean(JobLauncher.class).runNow(jobId, Trigger.MANUAL, Map.of());
                RunRecord run = RunAwaiter.awaitFinished(ctx.getBean(RunHistory.class), runId, Duration.ofMinutes(30)); // 10 M rows on a busy machine
                sampler.interrupt();
                double seconds = run.duration().toMillis() / 1000.0;
                double[] batchMs = batchLatency(ctx, jobId);
                System.out.printf(Locale.ROOT, "EXPORT-ONCE status=%s rows=%d sent=%d failed=%d seconds=%.2f rowsPerSecond=%.0f heapPeakMB=%.1f maxHeapMB=%.0f"
                                + " batchP50Ms=%.1f batchP99Ms=%.1f batches=%d%n",
                        run.status(), run.rowsRead(), run.sent(), run.failed(), seconds, run.rowsRead() / Math.max(seconds, 0.001),
                        peak.get() / 1048576.0, memory.getHeapMemoryUsage().getMax() / 1048576.0, batchMs[0], batchMs[1], (long) batchMs[2]);
                code = run.status() == RunStatus.SUCCESS ? 0 : 2;
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
            int exit = code;
            System.exit(SpringApplication.exit(ctx, () -> exit));
        }
    
        /**
         * p50 and p99 of the run's batch times (hand-over to the producer until every record of the batch was
         * settled), from the cumulative buckets of the {@code querycast.batch.send} histogram: the upper bound
         * of the bucket the percentile falls in, so figures are exact to a bucket (~10 %). The decaying
         * p50/p99 timer would only describe the last two minutes of a long run.
         */
        private static double[] batchLatency(ConfigurableApplicationContext ctx, String jobId) {
            Timer timer = ctx.getBean(MeterRegistry.class).find(ExportMeters.BATCH_SEND).tag("job", jobId).timer();
            if (timer == null) {
                return new double[] {Double.NaN, Double.NaN, 0};
            }
            HistogramSnapshot snapshot = timer.takeSnapshot();
            long count = snapshot.count();
            return new double[] {bucketOf(snapshot, count, 0.50), bucketOf(snapshot, count, 0.99), count};
        }

        private static double bucketOf(HistogramSnapshot snapshot, long count, double quantile) {
            for (CountAtBucket b : snapshot.histogramCounts()) {
                if (b.count() >= quantile * count) {
                    return b.bucket(TimeUnit.MILLISECONDS);
                }
            }
            return snapshot.max(TimeUnit.MILLISECONDS);
        }
}
}

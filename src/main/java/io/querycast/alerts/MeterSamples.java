package io.querycast.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.metrics.ExportMeters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What the rules need to compare counts over a window: at each evaluation, the value of each job's Querycast
 * counters (records sent, failed, dead-lettered; runs ended by status) as Micrometer has them now, kept for as
 * long as the longest window asks. The count over a window is the newest value minus the one taken at the
 * window's start, like Prometheus' {@code increase()}; a window longer than the process has run covers what
 * happened since the start (the counters start at zero with the process).
 */
public final class MeterSamples {

    /** One job's counters at one moment. */
    record Counts(double sent, double failed, double deadLettered, Map<String, Long> runsByStatus) {

        static final Counts ZERO = new Counts(0, 0, 0, Map.of());

        long runs(String status) {
            return runsByStatus.getOrDefault(status, 0L);
        }

        long runs() {
            return runsByStatus.values().stream().mapToLong(Long::longValue).sum();
        }

        /** What was counted between {@code earlier} and this. */
        Counts minus(Counts earlier) {
            Map<String, Long> runs = new HashMap<>(runsByStatus);
            earlier.runsByStatus.forEach((status, n) -> runs.merge(status, -n, Long::sum));
            return new Counts(sent - earlier.sent, failed - earlier.failed, deadLettered - earlier.deadLettered, runs);
        }
    }

    private record Sample(Instant at, Map<String, Counts> jobs) {
    }

    private final MeterRegistry registry;
    private final JobCatalog jobs;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /** Takes the first sample now: the start of every window until they reach further back. */
    public MeterSamples(MeterRegistry registry, JobCatalog jobs, Instant now) {
        this.registry = registry;
        this.jobs = jobs;
        take(now, Duration.ZERO);
    }

    /**
     * Takes this evaluation's sample and forgets those no window reaches any more.
     *
     * @param keep the longest window a rule asks for
     */
    public synchronized void take(Instant now, Duration keep) {
        Map<String, Counts> counts = new HashMap<>();
        for (ExportJob job : jobs.all()) {
            counts.put(job.id(), read(job.id()));
        }
        samples.addLast(new Sample(now, counts));
        // keep one sample at or before the start of the longest window
        Instant horizon = now.minus(keep);
        while (samples.size() > 1 && !second().at().isAfter(horizon)) {
            samples.removeFirst();
        }
    }

    private Sample second() {
        Iterator<Sample> it = samples.iterator();
        it.next();
        return it.next();
    }

    private Counts read(String jobId) {
        Map<String, Long> runs = new HashMap<>();
        for (Timer t : registry.find(ExportMeters.RUN_DURATION).tag("job", jobId).timers()) {
            runs.merge(t.getId().getTag("status"), t.count(), Long::sum);
        }
        return new Counts(sum(ExportMeters.RECORDS_SENT, jobId), sum(ExportMeters.RECORDS_FAILED, jobId),
                sum(ExportMeters.RECORDS_DEAD_LETTERED, jobId), runs);
    }

    private double sum(String meter, String jobId) {
        return registry.find(meter).tag("job", jobId).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** What a job counted over the window ending at the newest sample. */
    public synchronized Counts over(String jobId, Duration window) {
        Sample newest = samples.peekLast();
        Instant start = newest.at().minus(window);
        Sample base = samples.peekFirst();
        for (Sample s : samples) {
            if (s.at().isAfter(start)) {
                break;
            }
            base = s;
        }
        return newest.jobs().getOrDefault(jobId, Counts.ZERO).minus(base.jobs().getOrDefault(jobId, Counts.ZERO));
    }
}

package io.querycast.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.querycast.config.KafkaConnection;
import io.querycast.job.ExportJob;
import io.querycast.run.RunMeters;
import io.querycast.run.RunStatus;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Querycast's own meters, fed by every run through {@link RunMeters}: record outcomes, rows, bytes and
 * batch send latency per job, topic and Kafka connection; run durations per job and status; the health of
 * each Kafka connection's producer as the sends show it. The same counts go to {@link HourlyMetrics}.
 * Tags carry only names from the configuration files (job id, topic, connection name), never a broker
 * address or a credential.
 */
public final class ExportMeters implements RunMeters.Factory {

    public static final String ROWS_READ = "querycast.rows.read";
    public static final String RECORDS_SENT = "querycast.records.sent";
    public static final String RECORDS_FAILED = "querycast.records.failed";
    public static final String RECORDS_DEAD_LETTERED = "querycast.records.dead.lettered";
    public static final String RECORDS_SKIPPED = "querycast.records.skipped";
    public static final String BYTES_SENT = "querycast.sent.bytes";
    public static final String BATCH_SEND = "querycast.batch.send";
    public static final String BATCH_LATENCY = "querycast.batch.latency";
    public static final String RUN_DURATION = "querycast.run.duration";
    public static final String PRODUCER_UP = "querycast.kafka.producer.up";
    public static final String PRODUCER_LAST_SUCCESS = "querycast.kafka.producer.last.success";
    public static final String PRODUCER_LAST_FAILURE = "querycast.kafka.producer.last.failure";

    private final MeterRegistry registry;
    private final HourlyMetrics hourly;
    private final Clock clock;
    private final Duration healthWindow;
    private final Map<String, ProducerHealth> producers = new ConcurrentHashMap<>();

    public ExportMeters(MeterRegistry registry, HourlyMetrics hourly, Clock clock, Duration healthWindow, Collection<KafkaConnection> clusters) {
        this.registry = registry;
        this.hourly = hourly;
        this.clock = clock;
        this.healthWindow = healthWindow;
        clusters.forEach(c -> producer(c.name()));
    }

    /** What the sends of one Kafka connection showed: the last acknowledged record, the last failed one. */
    static final class ProducerHealth {
        final AtomicLong lastSuccessMillis = new AtomicLong();
        final AtomicLong lastFailureMillis = new AtomicLong();
    }

    private ProducerHealth producer(String connection) {
        return producers.computeIfAbsent(connection, name -> {
            ProducerHealth h = new ProducerHealth();
            Tags tags = Tags.of("kafka_connection", name);
            Gauge.builder(PRODUCER_UP, h, this::up)
                    .description("1 while the connection's last acknowledged record is recent (querycast.metrics.producer-health-minutes)"
                            + " and no record failed since; else 0")
                    .tags(tags).register(registry);
            Gauge.builder(PRODUCER_LAST_SUCCESS, h, p -> p.lastSuccessMillis.get() / 1000.0)
                    .description("when Kafka last acknowledged a record of this connection (Unix time; 0: not since start)")
                    .baseUnit("seconds").tags(tags).register(registry);
            Gauge.builder(PRODUCER_LAST_FAILURE, h, p -> p.lastFailureMillis.get() / 1000.0)
                    .description("when Kafka and the dead-letter topic last failed to take a record of this connection (Unix time; 0: not since start)")
                    .baseUnit("seconds").tags(tags).register(registry);
            return h;
        });
    }

    /** What the sends of a Kafka connection showed, as the {@link #PRODUCER_UP} gauges say it; times null: none since start. */
    public record ProducerState(boolean up, java.time.Instant lastSuccess, java.time.Instant lastFailure) {
    }

    public ProducerState producerState(String connection) {
        ProducerHealth h = producer(connection);
        long success = h.lastSuccessMillis.get();
        long failure = h.lastFailureMillis.get();
        return new ProducerState(up(h) == 1,
                success == 0 ? null : java.time.Instant.ofEpochMilli(success),
                failure == 0 ? null : java.time.Instant.ofEpochMilli(failure));
    }

    private double up(ProducerHealth h) {
        long success = h.lastSuccessMillis.get();
        return success > 0 && success >= h.lastFailureMillis.get() && clock.millis() - success <= healthWindow.toMillis() ? 1 : 0;
    }

    @Override
    public RunMeters open(ExportJob job) {
        return new JobMeters(job);
    }

    private final class JobMeters implements RunMeters {

        private final String jobId;
        private final String connection;
        private final String topic;
        private final Counter rowsRead;
        private final Counter sent;
        private final Counter failed;
        private final Counter deadLettered;
        private final Counter skipped;
        private final Counter bytes;
        private final Timer batch;
        private final Timer batchPercentiles;
        private final ProducerHealth health;

        JobMeters(ExportJob job) {
            this.jobId = job.id();
            this.connection = job.kafkaConnection();
            this.topic = job.topic();
            Tags tags = Tags.of("job", jobId, "topic", topic, "kafka_connection", connection);
            rowsRead = Counter.builder(ROWS_READ).description("rows the job's query returned").tags(tags).register(registry);
            sent = Counter.builder(RECORDS_SENT).description("records Kafka acknowledged on the job's topic").tags(tags).register(registry);
            failed = Counter.builder(RECORDS_FAILED).description("records neither on the topic nor on the dead-letter topic")
                    .tags(tags).register(registry);
            deadLettered = Counter.builder(RECORDS_DEAD_LETTERED).description("records written to the job's dead-letter topic instead")
                    .tags(tags).register(registry);
            skipped = Counter.builder(RECORDS_SKIPPED).description("rows the job's record steps dropped on purpose")
                    .tags(tags).register(registry);
            bytes = Counter.builder(BYTES_SENT).description("bytes of the JSON values Kafka acknowledged").baseUnit("bytes")
                    .tags(tags).register(registry);
            // Micrometer's Prometheus registry drops client-side percentiles from a meter that publishes a
            // histogram, so the same latencies go to two timers: buckets (aggregable with histogram_quantile)
            // and p50/p90/p99 computed here over Micrometer's decaying window
            batch = Timer.builder(BATCH_SEND).description("time a batch took from hand-over to the producer until each record was settled")
                    .publishPercentileHistogram()
                    .tags(tags).register(registry);
            batchPercentiles = Timer.builder(BATCH_LATENCY).description("the same batch send times as " + BATCH_SEND + ", as p50/p90/p99")
                    .publishPercentiles(0.5, 0.9, 0.99)
                    .tags(tags).register(registry);
            health = producer(connection);
        }

        @Override
        public void rowsRead(long rows) {
            rowsRead.increment(rows);
            hourly.rowsRead(jobId, connection, topic, rows);
        }

        @Override
        public void sent(long records, long valueBytes) {
            sent.increment(records);
            bytes.increment(valueBytes);
            health.lastSuccessMillis.set(clock.millis());
            hourly.sent(jobId, connection, topic, records, valueBytes);
        }

        @Override
        public void failed(long records) {
            failed.increment(records);
            health.lastFailureMillis.set(clock.millis());
            hourly.failed(jobId, connection, topic, records);
        }

        @Override
        public void failedUnknown(long records) {
            failed.increment(records);
            hourly.failed(jobId, connection, topic, records);
        }

        @Override
        public void skipped(long records) {
            skipped.increment(records);
        }

        @Override
        public void deadLettered(long records) {
            deadLettered.increment(records);
            hourly.deadLettered(jobId, connection, topic, records);
        }

        @Override
        public void batchDelivered(Duration kafkaTime) {
            batch.record(kafkaTime);
            batchPercentiles.record(kafkaTime);
            hourly.batch(jobId, connection, topic, kafkaTime);
        }

        @Override
        public void finished(RunStatus status, Duration duration) {
            Timer.builder(RUN_DURATION).description("duration of the job's runs, by how they ended")
                    .tags("job", jobId, "status", status.toString().toLowerCase(Locale.ROOT))
                    .register(registry).record(duration);
            hourly.flush();
        }
    }
}

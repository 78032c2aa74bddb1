package io.querycast.events;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of HTTP event publishing between the REST handler and the {@code events-batch} route: each accepted
 * event's pending future (keyed by event id, completed with that event's own outcome), the batches the
 * aggregator is filling (as its {@link AggregationStrategy}, one per topic), the completion size and the time
 * left before a batch's timed flush (as expressions the aggregator evaluates), whether shutdown started, and
 * the batch metrics of {@code GET /api/events/status} and Micrometer.
 */
public class EventBatches implements AggregationStrategy {

    public static final String TOPIC = "querycastEventTopic";
    static final String FIRST_AT = "querycastBatchFirstAt";
    /** On a batch: what is left of batch_timeout_ms since its first event, the aggregator's completion timeout (routes/events.yaml). */
    static final String REMAINING_MS = "querycastBatchRemainingMs";

    private final EventSettings settings;
    private final Map<String, CompletableFuture<EventOutcome>> pending = new ConcurrentHashMap<>();
    /** Events waiting in an unflushed batch, per topic. */
    private final Map<String, AtomicInteger> filling = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> perTopic = new ConcurrentHashMap<>();
    private final AtomicLong batchesSent = new AtomicLong();
    private final AtomicLong eventsInBatches = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong asyncAccepted = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong deadLetterFailures = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final DistributionSummary batchSizes;
    private final Map<Integer, AtomicLong> sizes = new ConcurrentHashMap<>();

    public EventBatches(EventSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.batchSizes = DistributionSummary.builder("querycast.events.batch.size")
                .description("events per batch sent to Kafka").register(registry);
        Gauge.builder("querycast.events.pending", this, EventBatches::pendingInBatches)
                .description("events waiting in a batch not yet sent").register(registry);
        Gauge.builder("querycast.events.awaiting", pending, Map::size)
                .description("accepted events not yet answered (in a batch or being sent)").register(registry);
        Gauge.builder("querycast.events.batch.size.configured", settings, EventSettings::batchSize).register(registry);
        Gauge.builder("querycast.events.batch.timeout.configured", settings, EventSettings::batchTimeoutMs).baseUnit("milliseconds").register(registry);
        Gauge.builder("querycast.events.batch.max.configured", settings, EventSettings::maxBatchSize).register(registry);
        Gauge.builder("querycast.events.acked", acked, AtomicLong::get).register(registry);
        Gauge.builder("querycast.events.failed", failed, AtomicLong::get).register(registry);
        Gauge.builder("querycast.events.async.accepted", asyncAccepted, AtomicLong::get)
                .description("events accepted with ?async=true (answered 202)").register(registry);
        Gauge.builder("querycast.events.dead.lettered", deadLettered, AtomicLong::get)
                .description("async events that failed and were written to <topic>.DLT").register(registry);
        Gauge.builder("querycast.events.dead.letter.failures", deadLetterFailures, AtomicLong::get)
                .description("async events that failed and could not be written to <topic>.DLT either (lost, logged at ERROR)").register(registry);
    }

    public EventSettings settings() {
        return settings;
    }

    /** Registers an event before it enters the aggregator; its future completes with its outcome. */
    public CompletableFuture<EventOutcome> register(String id) {
        CompletableFuture<EventOutcome> f = new CompletableFuture<>();
        pending.put(id, f);
        return f;
    }

    /** Registers an event accepted with {@code ?async=true}: nobody waits on its future, its outcome is still counted. */
    public void registerAsync(String id) {
        register(id);
        asyncAccepted.incrementAndGet();
    }


    void deadLettered() {
        deadLettered.incrementAndGet();
    }

    void deadLetterFailed() {
        deadLetterFailures.incrementAndGet();
    }

    /** The event's outcome, given exactly once; later calls for the same id do nothing. */
    public void complete(EventOutcome outcome) {
        CompletableFuture<EventOutcome> f = pending.remove(outcome.id());
        if (f != null) {
            (outcome.ok() ? acked : failed).incrementAndGet();
            if (outcome.ok()) {
                perTopic.computeIfAbsent(outcome.topic(), t -> new AtomicLong()).incrementAndGet();
            }
            f.complete(outcome);
        }
    }

    /** A caller that stopped waiting: its event may still be sent, but nobody is answered any more. */
    public void forget(String id) {
        pending.remove(id);
    }

    public void startClosing() {
        closing.set(true);
    }

    public boolean closing() {
        return closing.get();
    }

    // ---- the aggregator's strategy and expressions

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange batch, Exchange event) {
        String topic = event.getProperty(TOPIC, String.class);
        filling.computeIfAbsent(topic, t -> new AtomicInteger()).incrementAndGet();
        if (batch == null) {
            batch = new DefaultExchange(event.getContext());
            batch.setProperty(TOPIC, topic);
            batch.setProperty(FIRST_AT, System.nanoTime());
            batch.getMessage().setBody(new ArrayList<Exchange>());
        }
        batch.getMessage().getBody(List.class).add(event);
        // set here, read by a property expression: a bean method expression per event costs a bean invocation each
        long remaining = remainingMs(batch);
        // on both: which of the two the aggregator evaluates its timeout on is its own business
        batch.setProperty(REMAINING_MS, remaining);
        event.setProperty(REMAINING_MS, remaining);
        return batch;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onCompletion(Exchange batch) {
        String topic = batch.getProperty(TOPIC, String.class);
        int size = batch.getMessage().getBody(List.class).size();
        AtomicInteger f = filling.get(topic);
        if (f != null) {
            f.addAndGet(-size);
        }
    }

    /** What is left of batch_timeout_ms since the batch's first event. */
    long remainingMs(Exchange exchange) {
        Long first = exchange.getProperty(FIRST_AT, Long.class);
        if (first == null) {
            return settings.batchTimeoutMs();
        }
        long elapsedMs = (System.nanoTime() - first) / 1_000_000;
        return Math.max(1, settings.batchTimeoutMs() - elapsedMs);
    }

    /** Called as a batch is handed to Kafka. */
    void batchSent(String topic, int size) {
        batchesSent.incrementAndGet();
        eventsInBatches.addAndGet(size);
        batchSizes.record(size);
        sizes.computeIfAbsent(size, n -> new AtomicLong()).incrementAndGet();
    }

    public int pendingInBatches() {
        return filling.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        int waiting = pendingInBatches();
        s.put("accepting", !closing.get());
        s.put("connection", settings.connection());
        s.put("batch_size", settings.batchSize());
        s.put("batch_timeout_ms", settings.batchTimeoutMs());
        s.put("max_batch_size", settings.maxBatchSize());
        s.put("pending_events", waiting);
        s.put("awaiting_acknowledgement", pending.size());
        s.put("timed_flush_scheduled", waiting > 0);
        long batches = batchesSent.get();
        s.put("batches_sent", batches);
        s.put("events_sent", eventsInBatches.get());
        s.put("average_batch_size", batches == 0 ? 0.0 : Math.round(eventsInBatches.get() * 100.0 / batches) / 100.0);
        Map<Integer, Long> bySize = new TreeMap<>();
        sizes.forEach((n, c) -> bySize.put(n, c.get()));
        s.put("batches_by_size", bySize);
        s.put("acknowledged", acked.get());
        s.put("failed", failed.get());
        s.put("async_accepted", asyncAccepted.get());
        s.put("dead_lettered", deadLettered.get());
        s.put("dead_letter_failures", deadLetterFailures.get());
        Map<String, Long> topics = new TreeMap<>();
        perTopic.forEach((t, n) -> topics.put(t, n.get()));
        s.put("topics", topics);
        return s;
    }
}

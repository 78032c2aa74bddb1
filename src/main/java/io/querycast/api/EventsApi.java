package io.querycast.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.querycast.api.ApiJson.Reply;
import io.querycast.events.EventBatches;
import io.querycast.delivery.OutgoingRecord;
import io.querycast.events.EventOutcome;
import io.querycast.events.EventPublisher;
import io.querycast.events.EventPublisher.EventRef;
import io.querycast.events.EventSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * {@code /api/events}: {@code POST /api/events/{eventType}} publishes the JSON body as one Kafka record. The
 * event goes to the delivery path at once, a batch of one (the shared producer batches concurrent callers' records),
 * or with {@code querycast.events.batch-sync-events=true} joins the batch of its topic in the
 * {@code events-batch} route (Camel's Aggregator), and the request waits for that record's own acknowledgement: 200 with topic, partition and offset, or an error status; a
 * caller is never told an event was stored when it was not. Optional: {@code ?key=}, {@code ?topic=} (else the
 * event type's configured topic; only one of the topics {@code querycast.events.topics} maps types to) and Kafka headers as HTTP headers {@code Event-Header-<name>}. Once shutdown
 * started, new events are refused with 503 while those accepted are still flushed. With {@code ?async=true} the
 * caller is answered 202 with the event id at once; the event is batched and delivered like the others, and
 * if it fails for good it is written to {@code <topic>.DLT} (routes/events.yaml, events-dead-letter).
 */
public final class EventsApi {

    static final String HEADER_PREFIX = "event-header-";
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    private final ApiJson api;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final EventBatches batches;
    private final EventPublisher publisher;
    private final Duration replyTimeout;
    /** Resolved once: a URI resolved per request is normalised and looked up per request. */
    private final Endpoint aggregator;
    private final Endpoint delivery;

    public EventsApi(ApiJson api, CamelContext camel, ProducerTemplate producer, EventBatches batches, EventPublisher publisher,
                     Duration replyTimeout) {
        this.api = api;
        this.camel = camel;
        this.producer = producer;
        this.batches = batches;
        this.publisher = publisher;
        this.replyTimeout = replyTimeout;
        this.aggregator = camel.getEndpoint(EventPublisher.BATCH_URI);
        this.delivery = camel.getEndpoint(EventPublisher.DELIVERY_URI);
    }

    public void publish(Exchange exchange) {
        api.respond(exchange, e -> {
            if (batches.closing() || camel.isStopping() || !camel.isStarted()) {
                throw new ApiException(503, "shutting down: events are no longer accepted");
            }
            String type = e.getMessage().getHeader("eventType", String.class);
            if (type == null || !TYPE.matcher(type).matches()) {
                throw ApiException.badRequest("event type must be 1 to 249 of A-Z a-z 0-9 . _ -");
            }
            EventSettings settings = batches.settings();
            String topic = ApiJson.query(e, "topic");
            if (topic == null) {
                topic = settings.topics().get(type);
                if (topic == null) {
                    throw ApiException.notFound("no topic configured for event type '" + type + "' (querycast.events.topics) and no ?topic= given");
                }
            } else if (!KafkaApi.TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
                throw ApiException.badRequest("'" + topic + "' is not a legal Kafka topic name: 1 to 249 of A-Z a-z 0-9 . _ -, not '.' or '..'");
            } else if (!settings.topics().containsValue(topic)) {
                // events go to the topics the configuration maps event types to, never to an export's topic or a DLT
                throw new ApiException(403, "topic '" + topic + "' is not one of the event topics (querycast.events.topics): "
                        + new java.util.TreeSet<>(settings.topics().values()));
            }
            boolean async = async(e);
            byte[] value = value(e);
            String id = UUID.randomUUID().toString();
            OutgoingRecord<EventRef> record = EventPublisher.record(id, topic, async, ApiJson.query(e, "key"), value, headers(e, id, type));

            if (async) {
                batches.registerAsync(id);
                Exchange handed = producer.send(aggregator, exchangeOf(record));
                if (handed.getException() != null) {
                    batches.forget(id);
                    throw new ApiException(503, "the event could not be queued: " + handed.getException().getMessage());
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", id);
                body.put("event_type", type);
                body.put("topic", topic);
                body.put("status", "accepted");
                body.put("dead_letter_topic", topic + ".DLT");
                return new Reply(202, body);
            }
            CompletableFuture<EventOutcome> outcome = batches.register(id);
            // batched with the others (events-batch), or a batch of one handed to the delivery path at once
            Exchange handed;
            if (settings.batchSyncEvents()) {
                handed = producer.send(aggregator, exchangeOf(record));
            } else {
                Exchange single = new DefaultExchange(camel);
                single.getMessage().setBody(publisher.single(record));
                handed = producer.send(delivery, single);
            }
            if (handed.getException() != null && !outcome.isDone()) {
                batches.forget(id);
                throw new ApiException(503, "the event could not be queued: " + handed.getException().getMessage());
            }
            EventOutcome o;
            try {
                o = outcome.get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException ex) {
                batches.forget(id);
                throw new ApiException(503, "event " + id + " was not acknowledged by Kafka within " + replyTimeout.toSeconds() + " s");
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                batches.forget(id);
                throw new ApiException(503, "interrupted while waiting for Kafka");
            } catch (ExecutionException ex) {
                throw new ApiException(502, api.redact(String.valueOf(ex.getCause().getMessage())));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("event_type", type);
            body.put("topic", o.topic());
            if (!o.ok()) {
                body.put("error", api.redact(o.error()));
                body.put("status", o.status());
                return new Reply(o.status(), body);
            }
            body.put("partition", o.partition());
            body.put("offset", o.offset());
            return Reply.ok(body);
        });
    }

    /** An event for the aggregator (routes/events.yaml, events-batch): its record, correlated by topic. */
    private Exchange exchangeOf(OutgoingRecord<EventRef> record) {
        Exchange event = new DefaultExchange(camel);
        event.setProperty(EventBatches.TOPIC, record.source().topic());
        event.getMessage().setBody(record);
        return event;
    }

    /**
     * The event's Kafka headers: the caller's {@code Event-Header-<name>} HTTP headers as {@code <name>}, then
     * {@code event_id} and {@code event_type}, which a caller's header of the same name (in any case) cannot replace.
     */
    private static Header[] headers(Exchange e, String id, String type) {
        RecordHeaders headers = new RecordHeaders();
        e.getMessage().getHeaders().forEach((name, v) -> {
            if (name.length() > HEADER_PREFIX.length() && name.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length()) && v != null) {
                String kafkaName = name.substring(HEADER_PREFIX.length());
                String lower = kafkaName.toLowerCase(Locale.ROOT);
                // dlt_*: an event that fails for good keeps its headers on the dead-letter topic, next to the real ones
                if (lower.startsWith("camel") || lower.startsWith("kafka.") || lower.startsWith("dlt_")) {
                    throw ApiException.badRequest("header name '" + kafkaName + "' is reserved (camel*, kafka.*, dlt_*)");
                }
                if (!lower.equals("event_id") && !lower.equals("event_type")) {
                    headers.add(kafkaName, v.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        headers.add("event_id", id.getBytes(StandardCharsets.UTF_8));
        headers.add("event_type", type.getBytes(StandardCharsets.UTF_8));
        return headers.toArray();
    }

    public void status(Exchange exchange) {
        api.respond(exchange, e -> Reply.ok(batches.status()));
    }

    /** {@code ?async=}: absent or false waits for Kafka, true answers 202 at once; anything else is a 400. */
    private static boolean async(Exchange e) {
        String v = ApiJson.query(e, "async");
        if (v == null || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.badRequest("async must be true or false, got '" + v + "'");
    }

    /** The body as sent when it is valid JSON (any JSON value); 400 otherwise. */
    private static byte[] value(Exchange e) {
        String text = e.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("request body required: the event as JSON");
        }
        try {
            JsonNode node = ApiJson.JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("request body required: the event as JSON");
            }
        } catch (JsonProcessingException ex) {
            throw ApiException.badRequest("malformed JSON: " + ex.getOriginalMessage());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

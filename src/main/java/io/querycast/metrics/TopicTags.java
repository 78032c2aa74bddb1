package io.querycast.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps topic names that callers choose out of metric tags: every meter's {@code topic} tag, and the Kafka
 * endpoints in {@code endpointName} (Camel's exchange event notifier, one per endpoint a message was sent to),
 * keep their value only for a configured topic (a job's topic or dead-letter topic, an event topic or its
 * {@code .DLT}); any other becomes {@value #OTHER}. A test message to a topic of the caller's choosing
 * ({@code POST /api/kafka/send}) would otherwise add a time series per name, without bound.
 */
public final class TopicTags implements MeterFilter {

    public static final String OTHER = "(other)";
    static final String TOPIC = "topic";
    static final String ENDPOINT = "endpointName";

    private final java.util.function.Supplier<Set<String>> configured;
    private final Set<String> kafkaComponents;

    /**
     * @param topics          the configured topics
     * @param kafkaComponents the Camel components of the Kafka connections ({@code kafka-<connection>})
     */
    public TopicTags(Set<String> topics, Set<String> kafkaComponents) {
        this(supplierOf(Set.copyOf(topics)), kafkaComponents);
    }

    /** @param topics the configured topics now: jobs added by live reload bring theirs */
    public TopicTags(java.util.function.Supplier<Set<String>> topics, Set<String> kafkaComponents) {
        this.configured = topics;
        this.kafkaComponents = Set.copyOf(kafkaComponents);
    }

    private static java.util.function.Supplier<Set<String>> supplierOf(Set<String> topics) {
        return () -> topics;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        Set<String> topics = configured.get();
        List<Tag> tags = null;
        for (Tag tag : id.getTagsAsIterable()) {
            String kept = switch (tag.getKey()) {
                case TOPIC -> topics.contains(tag.getValue()) ? tag.getValue() : OTHER;
                case ENDPOINT -> endpoint(tag.getValue(), topics);
                default -> tag.getValue();
            };
            if (!kept.equals(tag.getValue())) {
                if (tags == null) {
                    tags = new ArrayList<>();
                    id.getTagsAsIterable().forEach(tags::add);
                }
                tags.set(tags.indexOf(tag), Tag.of(tag.getKey(), kept));
            }
        }
        return tags == null ? id : id.replaceTags(tags);
    }

    /** {@code kafka-default://shop.orders} stays when shop.orders is configured; other Kafka topics are folded. */
    String endpoint(String uri) {
        return endpoint(uri, configured.get());
    }

    private String endpoint(String uri, Set<String> topics) {
        int colon = uri.indexOf(':');
        if (colon < 0 || !kafkaComponents.contains(uri.substring(0, colon))) {
            return uri;
        }
        String topic = uri.substring(colon + 1).replaceFirst("^//", "");
        int query = topic.indexOf('?');
        if (query >= 0) {
            topic = topic.substring(0, query);
        }
        return topics.contains(topic) ? uri : uri.substring(0, colon) + "://" + OTHER;
    }
}

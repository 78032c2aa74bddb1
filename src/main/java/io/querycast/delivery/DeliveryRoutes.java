package io.querycast.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

/**
 * Instantiates the delivery path's two route templates (routes/templates/deliver-records.yaml, dead-letter.yaml)
 * for one caller: an export job, or the HTTP events. Routes {@code <id>-deliver} and {@code <id>-dead-letter},
 * reached at {@code direct:querycast-deliver-<id>}.
 */
public final class DeliveryRoutes {

    public static final String DELIVER_TEMPLATE_ID = "querycast-deliver";
    public static final String DEAD_LETTER_TEMPLATE_ID = "querycast-dead-letter";

    private DeliveryRoutes() {
    }

    /** The endpoint a caller hands its {@link RecordBatch} to. */
    public static String endpoint(String deliveryId) {
        return "direct:querycast-deliver-" + deliveryId;
    }

    /**
     * @param maxRedeliveries   Camel redeliveries of a batch's records that failed with a retriable error
     * @param redeliveryDelayMs wait before the first one, doubled for each further one
     */
    public static void add(CamelContext context, String deliveryId, int maxRedeliveries, long redeliveryDelayMs) {
        TemplatedRouteBuilder.builder(context, DELIVER_TEMPLATE_ID)
                .routeId(deliveryId + "-deliver")
                .parameter("deliveryId", deliveryId)
                .parameter("maxRedeliveries", Integer.toString(maxRedeliveries))
                .parameter("redeliveryDelayMs", Long.toString(redeliveryDelayMs))
                .add();
        TemplatedRouteBuilder.builder(context, DEAD_LETTER_TEMPLATE_ID)
                .routeId(deliveryId + "-dead-letter")
                .parameter("deliveryId", deliveryId)
                .add();
    }
}

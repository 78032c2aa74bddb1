package io.querycast.alerts;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the routes of the templates in routes/alerts.yaml with the settings of {@code querycast.alerts}: the
 * evaluation tick {@code querycast-alerts-evaluate} (only while alerts are enabled) and the webhook sender
 * {@code querycast-webhook} with its redelivery.
 */
public final class AlertRoutes implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AlertRoutes.class);

    private final AlertSettings settings;
    private final AlertEngine engine;

    public AlertRoutes(AlertSettings settings, AlertEngine engine) {
        this.settings = settings;
        this.engine = engine;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        TemplatedRouteBuilder.builder(context, "querycast-webhook")
                .routeId("querycast-webhook")
                .parameter("maxRetries", Integer.toString(settings.maxRetries()))
                .parameter("retryBackoffMs", Long.toString(settings.retryBackoff().toMillis()))
                .add();
        if (!settings.enabled()) {
            LOG.info("Alerts: disabled (querycast.alerts.enabled=false)");
            return;
        }
        TemplatedRouteBuilder.builder(context, "querycast-alerts-evaluate")
                .routeId("querycast-alerts-evaluate")
                .parameter("periodMs", Long.toString(settings.interval().toMillis()))
                .add();
        LOG.info("Alerts: every {} ms, rules {}; mail to {} recipient(s), webhooks {}", settings.interval().toMillis(),
                engine.rules().stream().map(r -> r.name() + (r.settings().enabled() ? "" : " (off)")).toList(),
                settings.email().recipients().size(), settings.webhooks().stream().map(AlertSettings.Webhook::name).toList());
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing: the routes start with the context
    }
}

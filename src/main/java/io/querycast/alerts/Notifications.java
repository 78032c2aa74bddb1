package io.querycast.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.querycast.api.Redactor;
import io.querycast.mail.Mail;
import io.querycast.mail.Mailer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;

/**
 * Delivers what the route querycast-notifications takes off its queue: an alert's change to the alert mail
 * recipients and to every webhook, a run summary to its job's recipients. Each channel is tried on its own
 * (the mail and webhook routes redeliver); what still fails is logged and counted
 * ({@code querycast_notifications_total{channel, outcome}}) and the other channels still get theirs.
 */
public final class Notifications {

    /** The in-memory queue notifications wait in (routes/alerts.yaml). */
    public static final String QUEUE = "seda:querycast-notifications";
    static final String WEBHOOK_ENDPOINT = "direct:querycast-webhook";
    static final String METER = "querycast.notifications";
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

    private final AlertSettings settings;
    private final AlertMessages messages;
    private final Mailer mailer;
    private final ProducerTemplate producer;
    private final Redactor redactor;
    private final MeterRegistry registry;

    public Notifications(AlertSettings settings, Redactor redactor, String instance, Mailer mailer, ProducerTemplate producer,
                         MeterRegistry registry) {
        this.settings = settings;
        this.messages = new AlertMessages(redactor, instance);
        this.mailer = mailer;
        this.producer = producer;
        this.redactor = redactor;
        this.registry = registry;
    }

    public void deliver(Notification notification) {
        if (notification instanceof AlertEvent e) {
            List<String> to = settings.email().recipients();
            if (!to.isEmpty()) {
                mail("email", new Mail(to, messages.subject(e), messages.text(e)));
            }
            for (AlertSettings.Webhook w : settings.webhooks()) {
                webhook(w, messages.webhook(e, w.formatValue()));
            }
        } else if (notification instanceof RunSummary r) {
            mail("run-email", new Mail(r.recipients(), messages.runSubject(r.run()), messages.runText(r.run())));
        }
    }

    private void mail(String channel, Mail mail) {
        try {
            mailer.send(mail);
            count(channel, "sent");
        } catch (RuntimeException e) {
            count(channel, "failed");
            LOG.error("Notification lost: mail '{}' to {}: {}", mail.subject(), mail.to(), redactor.redact(e.getMessage()));
        }
    }

    private void webhook(AlertSettings.Webhook w, String json) {
        Exchange done = producer.send(WEBHOOK_ENDPOINT, ex -> ex.getIn().setBody(new WebhookPost(w.name(), URI.create(w.url().trim()), json)));
        if (done.getException() == null) {
            count("webhook:" + w.name(), "sent");
        } else {
            count("webhook:" + w.name(), "failed");
            LOG.error("Notification lost: webhook '{}': {}", w.name(), redactor.redact(String.valueOf(done.getException().getMessage())));
        }
    }

    private void count(String channel, String outcome) {
        Counter.builder(METER).description("notifications delivered or lost, by channel (email, run-email, webhook:<name>)")
                .tags("channel", channel, "outcome", outcome).register(registry).increment();
    }
}

package io.querycast.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import io.querycast.api.ApiJson;
import io.querycast.api.Redactor;
import io.querycast.config.Connections;
import io.querycast.config.ConfigException;
import io.querycast.config.QuerycastProperties;
import io.querycast.job.JobCatalog;
import io.querycast.mail.Mailer;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Alerts and notifications: the rules (each a bean of its own class), the engine the evaluation route calls,
 * the notifications route's bean, the run notifications, the webhook sender and {@code GET /api/alerts}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertSettings.class)
public class AlertsConfiguration {

    @Bean
    MeterSamples meterSamples(MeterRegistry registry, JobCatalog jobs, Clock clock) {
        return new MeterSamples(registry, jobs, clock.instant());
    }

    @Bean
    AlertEngine alertEngine(List<AlertRule> rules, MeterSamples samples, AlertSettings settings, Clock clock, Connections connections) {
        settings.checkRuleNames(new LinkedHashSet<>(AlertsApi.names(rules)));
        if (!settings.email().recipients().isEmpty() && connections.mailConnection().isEmpty()) {
            throw new ConfigException("querycast.alerts.email.recipients: alert mails need a mail server: add a mail: section to "
                    + connections.file());
        }
        return new AlertEngine(rules, samples, settings, clock);
    }

    @Bean
    AlertRoutes alertRoutes(AlertSettings settings, AlertEngine engine) {
        return new AlertRoutes(settings, engine);
    }

    @Bean
    Notifications notifications(AlertSettings settings, Redactor redactor, QuerycastProperties props, Mailer mailer,
                                ProducerTemplate producer, MeterRegistry registry) {
        return new Notifications(settings, redactor, props.state().instanceId(), mailer, producer, registry);
    }

    @Bean
    RunNotifications runNotifications(JobCatalog jobs, ProducerTemplate producer) {
        return new RunNotifications(jobs, producer);
    }

    @Bean
    WebhookSender webhookSender(AlertSettings settings) {
        return new WebhookSender(settings.webhookTimeout());
    }

    @Bean
    AlertsApi alertsApi(ApiJson api, AlertEngine engine, AlertSettings settings, Clock clock) {
        return new AlertsApi(api, engine, settings, clock);
    }
}

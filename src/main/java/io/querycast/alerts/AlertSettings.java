package io.querycast.alerts;

import io.querycast.config.ConfigException;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Alerts ({@code querycast.alerts.*} in application.yaml): how often the rules are evaluated, each rule's
 * settings (each rule has defaults; see {@link AlertRule}), and where notifications go. docs/configuration.md
 * lists every property.
 *
 * @param enabled       false: no rule is evaluated (per-job run notifications still go out)
 * @param interval      how often the rules are evaluated (100 ms..10 min), default 30 s
 * @param rules         by rule name: the settings that differ from the rule's defaults
 * @param email         who gets alert mails
 * @param webhooks      JSON endpoints that get each alert and recovery
 * @param resolvedKept  how many resolved alerts GET /api/alerts and the dashboard keep showing (0..1000), default 50
 * @param maxRetries    re-sends of a webhook POST that failed (0..10), default 3
 * @param retryBackoff  wait before the first re-send of a webhook POST, doubled for each further one, default 1 s
 * @param webhookTimeout how long one webhook POST may take (100 ms..5 min), default 10 s
 */
@ConfigurationProperties("querycast.alerts")
public record AlertSettings(Boolean enabled, Duration interval, Map<String, RuleSettings> rules, Email email, List<Webhook> webhooks,
                            Integer resolvedKept, Integer maxRetries, Duration retryBackoff, Duration webhookTimeout) {

    static final String PREFIX = "querycast.alerts.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public AlertSettings {
        enabled = enabled == null || enabled;
        interval = between("interval", interval == null ? Duration.ofSeconds(30) : interval, Duration.ofMillis(100), Duration.ofMinutes(10));
        rules = rules == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(rules));
        email = email == null ? new Email(null) : email;
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        resolvedKept = resolvedKept == null ? 50 : resolvedKept;
        if (resolvedKept < 0 || resolvedKept > 1000) {
            throw new ConfigException(PREFIX + "resolved-kept must be between 0 and 1000 (got " + resolvedKept + ")");
        }
        maxRetries = maxRetries == null ? 3 : maxRetries;
        if (maxRetries < 0 || maxRetries > 10) {
            throw new ConfigException(PREFIX + "max-retries must be between 0 and 10 (got " + maxRetries + ")");
        }
        retryBackoff = between("retry-backoff", retryBackoff == null ? Duration.ofSeconds(1) : retryBackoff, Duration.ofMillis(1), Duration.ofMinutes(10));
        webhookTimeout = between("webhook-timeout", webhookTimeout == null ? Duration.ofSeconds(10) : webhookTimeout,
                Duration.ofMillis(100), Duration.ofMinutes(5));
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < webhooks.size(); i++) {
            Webhook w = webhooks.get(i);
            String at = PREFIX + "webhooks[" + i + "]";
            if (w == null || w.name() == null || !NAME.matcher(w.name()).matches()) {
                throw new ConfigException(at + ".name is required: 1-64 letters, digits, '_' or '-'");
            }
            if (!names.add(w.name())) {
                throw new ConfigException(at + ".name: '" + w.name() + "' is used by another webhook");
            }
            w.check(at);
        }
    }

    private static Duration between(String property, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigException(PREFIX + property + " must be between " + min + " and " + max + " (got " + value + ")");
        }
        return value;
    }

    /**
     * The settings of one rule: what the configuration gives over the rule's defaults. A field the rule does
     * not take (null in its defaults) is refused, naming the property, like an unknown rule name.
     */
    RuleSettings rule(String name, RuleSettings defaults) {
        RuleSettings given = rules.get(name);
        return given == null ? defaults : given.over(defaults, PREFIX + "rules." + name);
    }

    /** Fails on a rule name no rule has: a misspelt rule must not silently keep its defaults. */
    void checkRuleNames(Set<String> known) {
        for (String name : rules.keySet()) {
            if (!known.contains(name)) {
                throw new ConfigException(PREFIX + "rules." + name + ": unknown rule; the rules are " + new java.util.TreeSet<>(known));
            }
        }
    }

    /** @param recipients the addresses every alert and recovery mail goes to; none: no alert mails */
    public record Email(List<String> recipients) {
        public Email {
            recipients = recipients == null ? List.of() : List.copyOf(recipients);
            for (int i = 0; i < recipients.size(); i++) {
                try {
                    new jakarta.mail.internet.InternetAddress(recipients.get(i), true);
                } catch (jakarta.mail.internet.AddressException e) {
                    throw new ConfigException(PREFIX + "email.recipients[" + i + "]: '" + recipients.get(i) + "' is not a valid mail address: "
                            + e.getMessage());
                }
            }
        }
    }

    /**
     * One webhook.
     *
     * @param name   names the webhook in logs, meters and the API (its URL, which often holds a token, never shows)
     * @param url    where the JSON is POSTed: http or https; use ${ENV} for one with a token in it
     * @param format {@code json} (Querycast's own body), {@code slack} (Slack incoming webhook) or {@code teams}
     *               (Microsoft Teams workflow webhook, an Adaptive Card)
     */
    public record Webhook(String name, String url, String format) {

        WebhookFormat formatValue() {
            return WebhookFormat.valueOf((format == null ? "json" : format).trim().toUpperCase(Locale.ROOT));
        }

        void check(String at) {
            URI uri;
            try {
                uri = url == null ? null : URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at + ".url is not a valid URL");
            }
            if (uri == null || uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                // the value itself is not repeated: it may hold a token
                throw new ConfigException(at + ".url is required: an http:// or https:// URL");
            }
            try {
                formatValue();
            } catch (IllegalArgumentException e) {
                List<String> valid = new ArrayList<>();
                for (WebhookFormat f : WebhookFormat.values()) {
                    valid.add(f.toString());
                }
                throw new ConfigException(at + ".format: '" + format + "' is not one of " + valid);
            }
        }

        @Override
        public String toString() {
            return "Webhook[" + name + ", " + format + "]";
        }
    }
}

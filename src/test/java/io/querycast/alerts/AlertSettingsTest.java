package io.querycast.alerts;

import io.querycast.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code querycast.alerts.*} as Spring binds it: defaults, the rules' settings over their defaults, and refusals. */
class AlertSettingsTest {

    static AlertSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("querycast.alerts", AlertSettings.class);
    }

    /** What a failed bind says at its root: the message the start stops with. */
    static Throwable root(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    static String errorOf(Map<String, String> properties, String rule, RuleSettings defaults) {
        Throwable t = catchThrowable(() -> bind(properties).rule(rule, defaults));
        Throwable cause = root(t);
        assertThat(cause).isInstanceOf(ConfigException.class);
        return cause.getMessage();
    }

    @Test
    void defaults() {
        AlertSettings s = bind(Map.of());
        assertThat(s.enabled()).isTrue();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.email().recipients()).isEmpty();
        assertThat(s.webhooks()).isEmpty();
        assertThat(s.rule(SuccessRateRule.NAME, SuccessRateRule.DEFAULTS)).isEqualTo(SuccessRateRule.DEFAULTS);
        assertThat(SuccessRateRule.DEFAULTS.threshold()).isEqualTo(95.0);
        assertThat(SuccessRateRule.DEFAULTS.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(BatchLatencyRule.DEFAULTS.maxLatency()).isEqualTo(Duration.ofSeconds(5));
        assertThat(BatchLatencyRule.DEFAULTS.holdFor()).isEqualTo(Duration.ofMinutes(10));
        assertThat(ProducerDisconnectedRule.DEFAULTS.holdFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ErrorRateRule.DEFAULTS.threshold()).isEqualTo(10.0);
        assertThat(ErrorRateRule.DEFAULTS.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(ErrorRateRule.DEFAULTS.disableJob()).isFalse();
        assertThat(MissedRunRule.DEFAULTS.grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(DeadLetterRule.DEFAULTS.window()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aRuleTakesItsOwnSettingsOverItsDefaultsIncludingFor() {
        AlertSettings s = bind(Map.of(
                "querycast.alerts.rules.batch-latency.max-latency", "2s",
                "querycast.alerts.rules.batch-latency.for", "90s",
                "querycast.alerts.rules.error-rate.enabled", "false",
                "querycast.alerts.rules.error-rate.disable-job", "true"));
        RuleSettings latency = s.rule(BatchLatencyRule.NAME, BatchLatencyRule.DEFAULTS);
        assertThat(latency.maxLatency()).isEqualTo(Duration.ofSeconds(2));
        assertThat(latency.holdFor()).isEqualTo(Duration.ofSeconds(90));
        assertThat(latency.enabled()).isTrue();
        RuleSettings errors = s.rule(ErrorRateRule.NAME, ErrorRateRule.DEFAULTS);
        assertThat(errors.enabled()).isFalse();
        assertThat(errors.disableJob()).isTrue();
        assertThat(errors.threshold()).isEqualTo(10.0);
    }

    @Test
    void refusesWhatNoRuleTakes() {
        assertThat(errorOf(Map.of("querycast.alerts.rules.success-rate.grace", "1m"), SuccessRateRule.NAME, SuccessRateRule.DEFAULTS))
                .isEqualTo("querycast.alerts.rules.success-rate.grace: this rule does not take it; it takes [enabled, threshold, window, for]");
        assertThat(errorOf(Map.of("querycast.alerts.rules.success-rate.threshold", "120"), SuccessRateRule.NAME, SuccessRateRule.DEFAULTS))
                .isEqualTo("querycast.alerts.rules.success-rate.threshold must be a percentage between 0 and 100 (got 120.0)");
        assertThat(errorOf(Map.of("querycast.alerts.rules.dead-letters.window", "0s"), DeadLetterRule.NAME, DeadLetterRule.DEFAULTS))
                .isEqualTo("querycast.alerts.rules.dead-letters.window must be more than 0 (got PT0S)");
        Throwable unknown = catchThrowable(() -> bind(Map.of("querycast.alerts.rules.sucess-rate.threshold", "90"))
                .checkRuleNames(Set.of("success-rate", "error-rate")));
        assertThat(unknown).isInstanceOf(ConfigException.class)
                .hasMessage("querycast.alerts.rules.sucess-rate: unknown rule; the rules are [error-rate, success-rate]");
    }

    @Test
    void refusesBadChannelsWithoutRepeatingAWebhookUrl() {
        String token = "https://hooks.example.com/services/T000/B000/XYZsecret";
        Throwable t = catchThrowable(() -> bind(Map.of("querycast.alerts.webhooks[0].name", "ops",
                "querycast.alerts.webhooks[0].url", token.replace("https", "ftp"))));
        assertThat(t).isInstanceOf(BindException.class);
        assertThat(root(t)).hasMessage("querycast.alerts.webhooks[0].url is required: an http:// or https:// URL");
        assertThat(root(t).getMessage()).doesNotContain("XYZsecret");
        t = catchThrowable(() -> bind(Map.of("querycast.alerts.webhooks[0].name", "ops", "querycast.alerts.webhooks[0].url", token,
                "querycast.alerts.webhooks[0].format", "discord")));
        assertThat(root(t)).hasMessage("querycast.alerts.webhooks[0].format: 'discord' is not one of [json, slack, teams]");
        t = catchThrowable(() -> bind(Map.of("querycast.alerts.webhooks[0].url", token)));
        assertThat(root(t)).hasMessage("querycast.alerts.webhooks[0].name is required: 1-64 letters, digits, '_' or '-'");
        t = catchThrowable(() -> bind(Map.of("querycast.alerts.email.recipients", "ops@example.com,not-an-address@")));
        assertThat(root(t)).hasMessageStartingWith("querycast.alerts.email.recipients[1]: 'not-an-address@' is not a valid mail address");
        t = catchThrowable(() -> bind(Map.of("querycast.alerts.interval", "10ms")));
        assertThat(root(t)).hasMessage("querycast.alerts.interval must be between PT0.1S and PT10M (got PT0.01S)");
        assertThat(bind(Map.of("querycast.alerts.webhooks[0].name", "ops", "querycast.alerts.webhooks[0].url", token)).webhooks().get(0).toString())
                .doesNotContain("XYZsecret");
    }
}

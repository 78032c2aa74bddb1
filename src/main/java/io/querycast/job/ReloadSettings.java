package io.querycast.job;

import io.querycast.config.ConfigException;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code querycast.reload.*}: live reload of job and query files (docs/configuration.md#live-reload).
 *
 * @param enabled  watch the jobs and queries directories and put edits in force without a restart (default true)
 * @param debounce how long the directories must be quiet before a reload (default 1s, 50ms to 1m)
 */
@ConfigurationProperties("querycast.reload")
public record ReloadSettings(Boolean enabled, Duration debounce) {

    public ReloadSettings {
        enabled = enabled == null || enabled;
        debounce = debounce == null ? Duration.ofSeconds(1) : debounce;
        if (debounce.toMillis() < 50 || debounce.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigException("querycast.reload.debounce must be between 50ms and 1m (got " + debounce + ")");
        }
    }
}

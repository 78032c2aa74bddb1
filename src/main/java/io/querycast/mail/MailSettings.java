package io.querycast.mail;

import io.querycast.config.ConfigException;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How the mail route retries ({@code querycast.mail.*} in application.yaml): a mail the server refuses or that
 * times out is sent again after {@code retry-backoff}, doubled for each further attempt.
 *
 * @param maxRetries   re-sends after the first attempt (0..10), default 3
 * @param retryBackoff wait before the first re-send (1 ms..10 min), default 1 s
 */
@ConfigurationProperties("querycast.mail")
public record MailSettings(Integer maxRetries, Duration retryBackoff) {

    public MailSettings {
        maxRetries = maxRetries == null ? 3 : maxRetries;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(1) : retryBackoff;
        if (maxRetries < 0 || maxRetries > 10) {
            throw new ConfigException("querycast.mail.max-retries must be between 0 and 10 (got " + maxRetries + ")");
        }
        if (retryBackoff.toMillis() < 1 || retryBackoff.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigException("querycast.mail.retry-backoff must be between 1ms and 10m (got " + retryBackoff + ")");
        }
    }
}

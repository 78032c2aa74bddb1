package io.querycast.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The REST API and its security ({@code querycast.api.*}).
 *
 * @param usersFile          API users, their role and password (default {@code config/users.yaml})
 * @param probeTimeout       how long a connection test or health check waits for a database or cluster (default 10 s)
 * @param statusMaxAge       how old a connection's probe may be when /api/status or the actuator health answers
 *                           with it (default 10 s; 0 probes at every request)
 * @param maxRequestBytes    larger request bodies are refused with 413 (default 1 MiB)
 * @param maxBatchMessages   most messages one {@code /api/kafka/batch} request may carry (default 10,000)
 * @param loginMaxFailures   failed logins of one user name from one address before it is refused with 429 (default 5)
 * @param loginFailureWindow the window those failures are counted in, and how long the refusal lasts (default 5 min)
 * @param loginTrackedMax    most user name and address pairs whose failures are remembered; the oldest is forgotten
 *                           first (default 10,000)
 * @param credentialCacheTtl how long a user name and password the stored hash accepted are taken again without
 *                           BCrypt (default 5 min; 0 checks the hash on every request)
 * @param credentialCacheMax most verified pairs kept (default 10,000)
 * @param sendTopics         topics {@code /api/kafka/send} and {@code /batch} may write: names, or patterns with
 *                           {@code *} (default {@code *}: any topic but dead-letter topics, which are never allowed)
 */
@ConfigurationProperties("querycast.api")
public record ApiSettings(Path usersFile, Duration probeTimeout, Duration statusMaxAge, Long maxRequestBytes, Integer maxBatchMessages,
                          Integer loginMaxFailures, Duration loginFailureWindow, Integer loginTrackedMax,
                          Duration credentialCacheTtl, Integer credentialCacheMax, List<String> sendTopics) {

    public ApiSettings {
        usersFile = usersFile == null ? Path.of("config/users.yaml") : usersFile;
        probeTimeout = probeTimeout == null ? Duration.ofSeconds(10) : probeTimeout;
        statusMaxAge = statusMaxAge == null ? Duration.ofSeconds(10) : statusMaxAge;
        if (statusMaxAge.isNegative()) {
            throw new ConfigException("querycast.api.status-max-age must not be negative (got " + statusMaxAge + ")");
        }
        maxRequestBytes = maxRequestBytes == null ? 1024L * 1024 : maxRequestBytes;
        maxBatchMessages = maxBatchMessages == null ? 10_000 : maxBatchMessages;
        loginMaxFailures = loginMaxFailures == null ? 5 : loginMaxFailures;
        loginFailureWindow = loginFailureWindow == null ? Duration.ofMinutes(5) : loginFailureWindow;
        loginTrackedMax = loginTrackedMax == null ? 10_000 : loginTrackedMax;
        if (loginTrackedMax < 1) {
            throw new ConfigException("querycast.api.login-tracked-max must be at least 1 (got " + loginTrackedMax + ")");
        }
        credentialCacheTtl = credentialCacheTtl == null ? Duration.ofMinutes(5) : credentialCacheTtl;
        if (credentialCacheTtl.isNegative()) {
            throw new ConfigException("querycast.api.credential-cache-ttl must not be negative (got " + credentialCacheTtl + ")");
        }
        credentialCacheMax = credentialCacheMax == null ? 10_000 : credentialCacheMax;
        if (credentialCacheMax < 1) {
            throw new ConfigException("querycast.api.credential-cache-max must be at least 1 (got " + credentialCacheMax + ")");
        }
        sendTopics = sendTopics == null || sendTopics.isEmpty() ? List.of("*") : List.copyOf(sendTopics);
    }
}

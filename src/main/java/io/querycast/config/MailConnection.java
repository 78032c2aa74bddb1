package io.querycast.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The SMTP server Querycast sends mail through ({@code mail:} in the connections file): alert notifications,
 * per-job run notifications and, later, exports by email all use this one connection.
 *
 * @param port       the server's port; defaults by {@code security}: 25, 587 (STARTTLS), 465 (SSL)
 * @param username   SMTP authentication user; null: no authentication
 * @param from       the sender address of every mail ({@code Querycast <querycast@example.com>} is fine)
 * @param timeout    connect and read timeout of one attempt
 * @param properties Jakarta Mail properties passed as they are ({@code mail.smtp.ssl.trust}, …); they win over
 *                   what the other fields set
 */
public record MailConnection(String host, int port, Security security, String username, Secret password, String from,
                             Duration timeout, Map<String, String> properties) {

    /** How the connection to the server is protected. */
    public enum Security {
        /** plain SMTP; only for a relay on a trusted network */
        NONE(25),
        /** SMTP upgraded with STARTTLS before anything else is said; a server that does not offer it is refused */
        STARTTLS(587),
        /** SMTP inside TLS from the first byte (SMTPS) */
        SSL(465);

        private final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The camel-mail component scheme for this connection: {@code smtps} for SSL, else {@code smtp}. */
    public String scheme() {
        return security == Security.SSL ? "smtps" : "smtp";
    }

    public boolean authenticates() {
        return username != null;
    }
}

package io.querycast.mail;

import io.querycast.config.MailConnection;

import java.util.Properties;

/**
 * The Jakarta Mail properties a mail connection adds to camel-mail's own (host, port, timeouts, auth): write
 * timeout, STARTTLS required (never a fallback to plain text), the server's name checked against its
 * certificate; the file's {@code properties} win.
 */
public final class JavaMailProperties {

    private JavaMailProperties() {
    }

    public static Properties of(MailConnection mail) {
        Properties p = new Properties();
        String prefix = "mail." + mail.scheme() + ".";
        p.setProperty(prefix + "writetimeout", Long.toString(mail.timeout().toMillis()));
        if (mail.security() == MailConnection.Security.STARTTLS) {
            p.setProperty(prefix + "starttls.enable", "true");
            p.setProperty(prefix + "starttls.required", "true");
        }
        if (mail.security() != MailConnection.Security.NONE) {
            p.setProperty(prefix + "ssl.checkserveridentity", "true");
        }
        p.putAll(mail.properties());
        return p;
    }
}

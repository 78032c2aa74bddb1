package io.querycast.api;

import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;
import io.querycast.config.KafkaConnection;
import io.querycast.config.Secret;
import io.querycast.run.ErrorRedaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what the API, health checks, run history and their log lines say: masks every configured
 * password wherever it appears in a text (drivers and clients sometimes quote URLs, settings or bound values in
 * their errors) — those of the connections file (its mail server's too) and the state store's — masks password-like settings (and
 * Kafka's PEM private key, {@code ssl.keystore.key}) and the credentials of JDBC URLs, SQL Server's
 * {@code password={...}} form included.
 */
public final class Redactor implements ErrorRedaction {

    public static final String MASK = "******";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|jaas|token|credential|private|keystore\\.key).*");
    /** {@code password=x;}, {@code pwd=x&}, and SQL Server's braced {@code password={a;b}}} (a "}" inside written "}}"). */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|pwd)=)(?:\\{(?:[^}]|}})*}|[^;&]*)");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@;?]+:)[^@/]*@");
    private static final Pattern ORACLE_USER_PASSWORD = Pattern.compile("(?i)(:thin:[^/@:]+/)[^@]*@");

    private final List<String> secrets = new ArrayList<>();

    public Redactor(Connections connections) {
        this(connections, List.of());
    }

    /** @param others more secrets to mask: the state store's password */
    public Redactor(Connections connections, List<Secret> others) {
        others.forEach(this::add);
        for (DatabaseConnection db : connections.allDatabases()) {
            add(db.password());
            db.properties().forEach((k, v) -> addIfSecret(k, v));
        }
        for (KafkaConnection k : connections.allKafkaClusters()) {
            add(k.password());
            if (k.ssl() != null) {
                add(k.ssl().truststorePassword());
                add(k.ssl().keystorePassword());
                add(k.ssl().keyPassword());
            }
            k.producerProperties().forEach(this::addIfSecret);
        }
        connections.mailConnection().ifPresent(mail -> {
            add(mail.password());
            mail.properties().forEach(this::addIfSecret);
        });
        connections.mailConnection().ifPresent(mail -> add(mail.password()));
        // longest first, so a secret containing another is masked whole
        secrets.sort((a, b) -> b.length() - a.length());
    }

    private void add(Secret secret) {
        if (secret != null && secret.isPresent()) {
            secrets.add(secret.reveal());
        }
    }

    private void addIfSecret(String key, String value) {
        if (value != null && !value.isEmpty() && SECRET_KEY.matcher(key).matches()) {
            secrets.add(value);
        }
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return maskUrl(out);
    }

    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String out = URL_PASSWORD.matcher(url).replaceAll("$1" + MASK);
        out = URL_USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
        return ORACLE_USER_PASSWORD.matcher(out).replaceAll("$1" + MASK + "@");
    }

    /** Settings with password-like names masked. */
    public static Map<String, String> maskProperties(Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> out.put(k, SECRET_KEY.matcher(k).matches() ? MASK : v));
        return out;
    }

    public static String mask(Secret secret) {
        return secret != null && secret.isPresent() ? MASK : null;
    }
}

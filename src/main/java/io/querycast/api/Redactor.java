package io.querycast.api;

import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;
import io.querycast.config.KafkaConnection;
import io.querycast.config.Secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what the API and health checks say: masks every configured password wherever it
 * appears in a text (drivers and clients sometimes quote URLs or settings in their errors), masks
 * password-like settings and the credentials of JDBC URLs.
 */
public final class Redactor {

    public static final String MASK = "******";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|jaas|token|credential|private).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|pwd)=)[^;&]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@;?]+:)[^@/]*@");
    private static final Pattern ORACLE_USER_PASSWORD = Pattern.compile("(?i)(:thin:[^/@:]+/)[^@]*@");

    private final List<String> secrets = new ArrayList<>();

    public Redactor(Connections connections) {
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

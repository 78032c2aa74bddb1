package io.querycast.config;

import org.springframework.boot.context.properties.bind.ConstructorBinding;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The database Querycast keeps its own state in ({@code querycast.state.*} in application.yaml).
 *
 * @param url               JDBC URL; default an H2 file under {@code data/} in the working directory. H2 must not close
 *                          the file from its own shutdown hook (runs still being stopped record their end after it), and
 *                          writes each commit at once ({@code WRITE_DELAY=0}): a killed process keeps its last checkpoints
 * @param username          database user
 * @param password          database password; {@code ${ENV}} placeholders work as anywhere in application.yaml
 * @param instanceId        this instance's name: recorded with every run and Quartz's instance id, so it must differ
 *                          between instances sharing a state store (two on one host: set it); default the host name
 * @param poolSize          connections of the {@code querycast-state} pool (2..50), default 5
 * @param connectionTimeout how long a caller waits for a connection of either pool before failing, default 30 s
 */
public record StateStoreSettings(String url, String username, Secret password, String instanceId, Integer poolSize,
                                 Duration connectionTimeout) {

    private static final String DEFAULT_URL = "jdbc:h2:file:./data/querycast-state;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,99}");

    @ConstructorBinding
    public StateStoreSettings {
        url = url == null || url.isBlank() ? DEFAULT_URL : url;
        password = password == null ? Secret.none() : password;
        instanceId = instanceId == null || instanceId.isBlank() ? hostName() : instanceId;
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            throw new ConfigException("querycast.state.instance-id: '" + instanceId
                    + "' must be 1-100 letters, digits, '.', '_', ':', '@' or '-', starting with a letter or digit");
        }
        poolSize = poolSize == null ? 5 : poolSize;
        if (poolSize < 2 || poolSize > 50) {
            throw new ConfigException("querycast.state.pool-size must be between 2 and 50 (got " + poolSize + ")");
        }
        connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(30) : connectionTimeout;
        if (connectionTimeout.toMillis() < 250) {
            throw new ConfigException("querycast.state.connection-timeout must be at least 250ms (got " + connectionTimeout + ")");
        }
    }

    public StateStoreSettings(String url, String username, Secret password, String instanceId) {
        this(url, username, password, instanceId, null, null);
    }

    private static String hostName() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            return INSTANCE_ID.matcher(host).matches() ? host : "unknown-host";
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /** The URL without what may follow a {@code ?}: PostgreSQL URLs can carry a password there. */
    public String displayUrl() {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?…";
    }

    @Override
    public String toString() {
        return "StateStoreSettings[url=" + displayUrl() + ", username=" + username + ", password=" + password
                + ", instanceId=" + instanceId + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout + "]";
    }
}

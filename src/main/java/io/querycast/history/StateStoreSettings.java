package io.querycast.history;

import io.querycast.config.Secret;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The database Querycast keeps its own state in ({@code querycast.state.*} in application.yaml).
 *
 * @param url        JDBC URL; default an H2 file under {@code data/} in the working directory. H2 must not close
 *                   the file from its own shutdown hook: runs still being stopped record their end after it
 * @param username   database user
 * @param password   database password; {@code ${ENV}} placeholders work as anywhere in application.yaml
 * @param instanceId recorded with every run, so instances sharing a state store can tell their runs apart;
 *                   default the host name
 */
public record StateStoreSettings(String url, String username, Secret password, String instanceId) {

    private static final String DEFAULT_URL = "jdbc:h2:file:./data/querycast-state;DB_CLOSE_ON_EXIT=FALSE";

    public StateStoreSettings {
        url = url == null || url.isBlank() ? DEFAULT_URL : url;
        password = password == null ? Secret.none() : password;
        instanceId = instanceId == null || instanceId.isBlank() ? hostName() : instanceId;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
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
                + ", instanceId=" + instanceId + "]";
    }
}

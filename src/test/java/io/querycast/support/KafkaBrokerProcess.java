package io.querycast.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker (KRaft, broker and controller in one) in its own JVM, from the Kafka server jars on
 * the test classpath, on a fixed port so it can be stopped and started again with its data: what the
 * outage tests need and an in-process broker cannot do. Topics are not created automatically.
 * <p>
 * {@link #secured} adds the two listeners production clusters use, next to the plain one the test itself
 * talks to: {@code SASL_SSL} with SCRAM-SHA-512 (the users are created when the storage is formatted, before
 * the broker first starts) and {@code SSL} requiring a client certificate (mutual TLS), both with the
 * certificates of {@link TestCertificates}.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int saslSslPort;
    private final int mtlsPort;
    private final Path config;
    private Process process;

    public KafkaBrokerProcess(Path dir) throws IOException {
        this(dir, null, Map.of());
    }

    /**
     * A broker with a SASL_SSL listener (SCRAM-SHA-512, the given users and passwords) and a mutual-TLS listener,
     * its certificate and trusted CA from {@code stores}.
     */
    public static KafkaBrokerProcess secured(Path dir, TestCertificates.Stores stores, Map<String, String> scramUsers) throws IOException {
        return new KafkaBrokerProcess(dir, stores, scramUsers);
    }

    private KafkaBrokerProcess(Path dir, TestCertificates.Stores stores, Map<String, String> scramUsers) throws IOException {
        this.dir = dir;
        this.port = freePort();
        int controllerPort = freePort();
        this.saslSslPort = stores == null ? -1 : freePort();
        this.mtlsPort = stores == null ? -1 : freePort();
        Files.createDirectories(dir.resolve("logs"));
        this.config = dir.resolve("server.properties");
        List<String> listeners = new ArrayList<>(List.of("PLAINTEXT://127.0.0.1:" + port));
        if (stores != null) {
            listeners.add("SASL_SSL://127.0.0.1:" + saslSslPort);
            listeners.add("MTLS://127.0.0.1:" + mtlsPort);
        }
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + String.join(",", listeners) + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + String.join(",", listeners),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,MTLS:SSL",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("logs").toAbsolutePath(),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false"));
        if (stores != null) {
            lines.addAll(List.of(
                    "ssl.keystore.type=PKCS12",
                    "ssl.keystore.location=" + stores.brokerKeystore().toAbsolutePath(),
                    "ssl.keystore.password=" + stores.storePassword(),
                    "ssl.key.password=" + stores.storePassword(),
                    "ssl.truststore.type=PKCS12",
                    "ssl.truststore.location=" + stores.brokerTruststore().toAbsolutePath(),
                    "ssl.truststore.password=" + stores.storePassword(),
                    "sasl.enabled.mechanisms=SCRAM-SHA-512",
                    "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
                    "listener.name.mtls.ssl.client.auth=required"));
        }
        lines.add("");
        Files.writeString(config, String.join("\n", lines));
        List<String> format = new ArrayList<>(List.of("format", "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                "-c", config.toString()));
        scramUsers.forEach((user, password) -> format.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + user + ",password=" + password + "]")));
        int code = java("kafka.tools.StorageTool", format.toArray(String[]::new)).waitForExit();
        if (code != 0) {
            throw new IllegalStateException("kafka storage format failed with exit code " + code + "; see " + dir.resolve("format.log"));
        }
    }

    /** The plain listener: the test's own admin and consumers. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The SASL_SSL listener of a {@link #secured} broker. */
    public String saslSslBootstrap() {
        return "127.0.0.1:" + saslSslPort;
    }

    /** The mutual-TLS listener of a {@link #secured} broker. */
    public String mtlsBootstrap() {
        return "127.0.0.1:" + mtlsPort;
    }

    public void start() {
        process = java("kafka.Kafka", config.toString()).process;
        awaitReady(Duration.ofSeconds(60));
    }

    /** Stops the broker the way an operator would (SIGTERM: controlled shutdown), keeping its data. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    public void createTopics(int partitions, String... names) throws Exception {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String n : names) {
                topics.add(new NewTopic(n, partitions, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** One topic with topic-level configs, e.g. {@code max.message.bytes}. */
    public void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kafka broker exited with " + process.exitValue() + "; see " + dir.resolve("broker.log"));
            }
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("kafka broker not ready within " + timeout, last);
    }

    private record Child(Process process) {
        int waitForExit() {
            try {
                return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    private Child java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), mainClass));
        cmd.addAll(List.of(args));
        String log = mainClass.endsWith("StorageTool") ? "format.log" : "broker.log";
        try {
            return new Child(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile())).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + mainClass, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}

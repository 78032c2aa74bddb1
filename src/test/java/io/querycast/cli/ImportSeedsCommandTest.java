package io.querycast.cli;

import io.querycast.config.Connections;
import io.querycast.config.ConnectionsReader;
import io.querycast.config.KafkaConnection;
import io.querycast.config.PlaceholderResolver;
import io.querycast.job.ExportJob;
import io.querycast.job.JobsReader;
import io.querycast.query.QueryLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code import-seeds} on files shaped like the seeds' (src/test/config/seeds): what is carried over, what is
 * reported as not, no secret written, and the written files read and validate as Querycast's own.
 */
class ImportSeedsCommandTest {

    static final Path SEEDS = Path.of("src/test/config/seeds");

    @TempDir
    Path out;

    private CliRun importSeeds(String... extra) {
        String[] base = {"import-seeds", "--connections=" + SEEDS.resolve("connections.json"), "--schedules", SEEDS.resolve("schedules.json").toString(),
                "--out=" + out, "--db-connection=cdg", "--queries=queries"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRun.of(all);
    }

    @Test
    void theSeedsFilesBecomeValidConfigurationReportingWhatCouldNotBeCarriedOver() throws Exception {
        CliRun run = importSeeds();

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(Cli.OK);
        assertThat(run.lines("wrote: ")).containsExactly("wrote: " + out.resolve("connections.yaml"),
                "wrote: " + out.resolve("jobs/cdg-kafka-001.yaml"), "wrote: " + out.resolve("jobs/export-real-time-events.yaml"));
        assertThat(run.lines("carried over: ")).containsExactly(
                "carried over: Kafka connection 'cdg_prod' -> kafka.cdg_prod (kafka1.cdg.local:9093,kafka2.cdg.local:9093,kafka3.cdg.local:9093, SASL_SSL)",
                "carried over: Kafka connection 'local' -> kafka.local (localhost:9092, PLAINTEXT)",
                "carried over: Kafka connection 'analytics mTLS' -> kafka.analytics-mtls (kafka-an1.example:9094,kafka-an2.example:9094, SSL)",
                "carried over: schedule 'Tracce giornaliere CDG' -> jobs/cdg-kafka-001.yaml (query CDG-KAFKA-001--SelezioneTracceGiornaliere,"
                        + " topic cdg.tracking.events, schedule 0 8 * * *)",
                "carried over: schedule 'Export real-time events' -> jobs/export-real-time-events.yaml (query CDG-KAFKA-001--SelezioneTracceGiornaliere,"
                        + " topic cdg.tracking.realtime, schedule */5 * * * *)");
        assertThat(run.lines("NOT carried over: ")).containsExactly(
                "NOT carried over: the seeds' files name no database: databases.cdg was written with ${CDG_DB_URL}, ${CDG_DB_USER}, ${CDG_DB_PASSWORD};"
                        + " every imported job runs on it (--db-connection)",
                "NOT carried over: Kafka connection 'cdg_prod': field 'is_default' has no Querycast equivalent: not carried over",
                "NOT carried over: Kafka connection 'cdg_prod': field 'created_at' has no Querycast equivalent: not carried over",
                "NOT carried over: Kafka connection 'cdg_prod': sasl_password not written: set it in ${KAFKA_CDG_PROD_PASSWORD}",
                "NOT carried over: Kafka connection 'local': field 'is_default' has no Querycast equivalent: not carried over",
                "NOT carried over: Kafka connection 'local': field 'created_at' has no Querycast equivalent: not carried over",
                "NOT carried over: Kafka connection 'analytics mTLS': ssl_password not written: set it in ${KAFKA_ANALYTICS_MTLS_SSL_KEY_PASSWORD}",
                "NOT carried over: Kafka connection 'legacy_kerberos': field 'sasl_kerberos_service_name' has no Querycast equivalent: not carried over",
                "NOT carried over: Kafka connection 'legacy_kerberos': sasl_mechanism GSSAPI is not one Querycast supports [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512]: skipped",
                "NOT carried over: connections.json: top-level 'default_connection' has no Querycast equivalent: not carried over",
                "NOT carried over: schedule 'Tracce giornaliere CDG': field 'created_at' has no Querycast equivalent: not carried over",
                "NOT carried over: schedule 'Tracce giornaliere CDG': field 'last_run' has no Querycast equivalent: not carried over",
                "NOT carried over: schedule 'Tracce giornaliere CDG': field 'run_count' has no Querycast equivalent: not carried over",
                "NOT carried over: schedule 'Report settimanale clienti': sharing_mode email (files and e-mail are not Querycast exports yet): skipped",
                "NOT carried over: schedule 'Estrazione su disco': sharing_mode filesystem (files and e-mail are not Querycast exports yet): skipped");
        assertThat(run.out()).contains("Set these environment variables before validate or start (no secret was written to the files):\n"
                        + "  CDG_DB_PASSWORD\n  CDG_DB_URL\n  CDG_DB_USER\n  KAFKA_ANALYTICS_MTLS_SSL_KEY_PASSWORD\n  KAFKA_CDG_PROD_PASSWORD\n")
                .contains("The written files validate (offline, queries from queries): 2 job(s).");

        // never a secret, neither in the files nor in what was printed
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain("Pr0d-Kafka-S3cret!", "An4lytics-Key-Pass");
            }
        }
        assertThat(run.out()).doesNotContain("Pr0d-Kafka-S3cret!", "An4lytics-Key-Pass");

        // the written files read as Querycast's own
        Map<String, String> env = Map.of("CDG_DB_URL", "jdbc:h2:mem:seeds-check", "CDG_DB_USER", "sa", "CDG_DB_PASSWORD", "pw",
                "KAFKA_CDG_PROD_PASSWORD", "kafka-pw", "KAFKA_ANALYTICS_MTLS_SSL_KEY_PASSWORD", "key-pw");
        PlaceholderResolver placeholders = new PlaceholderResolver(env::get);
        Connections c = new ConnectionsReader(placeholders).read(out.resolve("connections.yaml"));
        KafkaConnection prod = c.kafka("cdg_prod").orElseThrow();
        assertThat(prod.bootstrapServers()).isEqualTo("kafka1.cdg.local:9093,kafka2.cdg.local:9093,kafka3.cdg.local:9093");
        assertThat(prod.description()).isEqualTo("Kafka Produzione CDG — Cluster di produzione: tracce spedizioni");
        assertThat(prod.securityProtocol()).isEqualTo(KafkaConnection.SecurityProtocol.SASL_SSL);
        assertThat(prod.saslMechanism()).isEqualTo(KafkaConnection.SaslMechanism.SCRAM_SHA_512);
        assertThat(prod.username()).isEqualTo("querycast-cdg");
        assertThat(prod.password().reveal()).isEqualTo("kafka-pw");
        assertThat(prod.ssl().truststoreLocation()).isEqualTo("src/test/config/seeds/ssl/ca.pem");
        assertThat(prod.ssl().truststoreType()).isEqualTo("PEM");
        KafkaConnection mtls = c.kafka("analytics-mtls").orElseThrow();
        assertThat(mtls.ssl().certificateLocation()).isEqualTo("src/test/config/seeds/ssl/client-cert.pem");
        assertThat(mtls.ssl().keyLocation()).isEqualTo("src/test/config/seeds/ssl/client-key.pem");
        assertThat(mtls.ssl().keyPassword().reveal()).isEqualTo("key-pw");
        assertThat(mtls.ssl().endpointIdentificationAlgorithm()).isNull();
        assertThat(c.kafka("legacy_kerberos")).isEmpty();

        ExportJob daily = new JobsReader(placeholders, c, new QueryLibrary(Path.of("queries"))).read(out.resolve("jobs/cdg-kafka-001.yaml"));
        assertThat(daily.queryFile()).isEqualTo("CDG-KAFKA-001--SelezioneTracceGiornaliere.sql");
        assertThat(daily.dbConnection()).isEqualTo("cdg");
        assertThat(daily.schedule().quartz()).isEqualTo("0 0 8 * * ?");
        assertThat(daily.parameters()).isEqualTo(Map.of("DATA", "{date-1}"));
        assertThat(daily.kafkaConnection()).isEqualTo("local");
        assertThat(daily.topic()).isEqualTo("cdg.tracking.events");
        assertThat(daily.keyColumn()).isEqualTo("BARCODE");
        assertThat(daily.batchSize()).isEqualTo(500);
        assertThat(daily.includeMetadata()).isTrue();
        assertThat(daily.description()).isEqualTo("Tracce giornaliere CDG — Eventi del giorno prima, traffico di test escluso");
        ExportJob realtime = new JobsReader(placeholders, c, new QueryLibrary(Path.of("queries"))).read(out.resolve("jobs/export-real-time-events.yaml"));
        assertThat(realtime.enabled()).isFalse();
        assertThat(realtime.batchSize()).isEqualTo(10_000);
        assertThat(realtime.includeMetadata()).isFalse();
        assertThat(realtime.kafkaConnection()).isEqualTo("cdg_prod");

        // and validate, given the variables, finds nothing wrong
        CliRun validate = CliRun.of("validate", "--offline", "--querycast.connections-file=" + out.resolve("connections.yaml"),
                "--querycast.jobs-dir=" + out.resolve("jobs"), "--querycast.queries-dir=queries", "--CDG_DB_URL=jdbc:h2:mem:seeds-validate",
                "--CDG_DB_USER=sa", "--CDG_DB_PASSWORD=pw", "--KAFKA_CDG_PROD_PASSWORD=x", "--KAFKA_ANALYTICS_MTLS_SSL_KEY_PASSWORD=y");
        assertThat(validate.exit()).as(validate.out()).isEqualTo(Cli.OK);
        assertThat(validate.out()).contains("checked: 2 valid job(s) in " + out.resolve("jobs"));
    }

    @Test
    void existingFilesAreNeverOverwrittenUnlessForced() throws Exception {
        assertThat(importSeeds().exit()).isEqualTo(Cli.OK);
        Files.writeString(out.resolve("connections.yaml"), "# mine\n");

        CliRun again = importSeeds();
        assertThat(again.exit()).isEqualTo(Cli.ERRORS);
        assertThat(again.out()).isEqualTo("querycast import-seeds: " + out.resolve("connections.yaml")
                + " exists: import into an empty directory (--out) and merge, or pass --force to replace it\n");
        assertThat(Files.readString(out.resolve("connections.yaml"))).isEqualTo("# mine\n");

        assertThat(importSeeds("--force").exit()).isEqualTo(Cli.OK);
        assertThat(Files.readString(out.resolve("connections.yaml"))).startsWith("# Imported from connections.json");
        assertThat(CliRun.of("import-seeds", "--out=" + out).exit()).isEqualTo(Cli.USAGE);
    }
}

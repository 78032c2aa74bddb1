package io.querycast.local;

import io.querycast.config.Connections;
import io.querycast.config.PlaceholderResolver;
import io.querycast.config.QuerycastProperties;
import io.querycast.config.Secret;
import io.querycast.delivery.TopicCheck;
import io.querycast.history.JdbcJobSwitches;
import io.querycast.history.JdbcRunHistory;
import io.querycast.history.StateStore;
import io.querycast.config.StateStoreSettings;
import io.querycast.job.ConfigurationFiles;
import io.querycast.job.JobCatalog;
import io.querycast.job.JobEnablement;
import io.querycast.run.JobLauncher;
import io.querycast.job.JobRoutes;
import io.querycast.query.DatabasePools;
import io.querycast.query.QueryLibrary;
import io.querycast.run.ExportRuns;
import io.querycast.run.RunIdGenerator;
import io.querycast.run.Trigger;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the project's export routes under Camel's own runtime, without Spring Boot: {@code camel-main}
 * ({@code org.apache.camel.main.Main}), or the Camel CLI's {@code camel run}, which is camel-main too. Named in
 * the run's properties ({@code camel.main.main-listener-classes = io.querycast.local.LocalRun}), it reads the
 * same connections, job and query files as the server, binds the beans the route templates call by name
 * (the simple ones are declared in {@code tools/camel-run/beans.yaml}; these need the files) and instantiates
 * each job's routes from {@code routes/templates/} and {@code routes/steps/} once Camel has loaded them. Runs are
 * recorded in an in-memory state store (or {@code querycast.state.url}); {@code querycast.local.run=JOB} runs
 * that job once at start. See docs/local-run.md.
 */
public final class LocalRun extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

    private StateStore store;
    private JdbcRunHistory history;
    private DatabasePools pools;
    private TopicCheck topicCheck;
    private JobLauncher launcher;

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext camel = main.getCamelContext();
        PlaceholderResolver placeholders = new PlaceholderResolver(name -> property(camel, name).orElseGet(() -> System.getenv(name)));
        QuerycastProperties props = new QuerycastProperties(
                Path.of(property(camel, "querycast.connections-file").orElse("config/connections.yaml")),
                Path.of(property(camel, "querycast.jobs-dir").orElse("config/jobs")),
                Path.of(property(camel, "querycast.queries-dir").orElse("queries")),
                null, null, null, null);
        ConfigurationFiles.Loaded files = ConfigurationFiles.read(props, placeholders).orThrow();
        Connections connections = files.usableConnections();
        JobCatalog jobs = new JobCatalog(files.jobs());
        String instance = property(camel, "querycast.state.instance-id").orElse("local");
        store = new StateStore(new StateStoreSettings(property(camel, "querycast.state.url").orElse("jdbc:h2:mem:querycast-local;DB_CLOSE_DELAY=-1"),
                null, Secret.none(), instance));
        history = new JdbcRunHistory(store.dataSource(), instance, Duration.ofDays(30), Clock.systemUTC());
        history.start();
        JdbcJobSwitches switches = new JdbcJobSwitches(store.dataSource());
        RunIdGenerator runIds = new RunIdGenerator(history);
        pools = new DatabasePools(connections);
        topicCheck = new TopicCheck(camel, connections);

        Registry registry = camel.getRegistry();
        registry.bind("exportRuns", new ExportRuns(jobs, new QueryLibrary(props.queriesDir()), history, runIds, Clock.systemDefaultZone()));
        registry.bind("runTopics", new io.querycast.run.RunTopics(topicCheck));
        // the one delivery path: the clusters' shared producers (closed when Camel stops) and its steps
        io.querycast.config.ExactlyOnceSettings exactlyOnce = new io.querycast.config.ExactlyOnceSettings(
                property(camel, "querycast.exactly-once.transactional-id-prefix").orElse(null),
                property(camel, "querycast.exactly-once.state-topic").orElse(null), null);
        io.querycast.delivery.KafkaClusters clusters = new io.querycast.delivery.KafkaClusters(connections, instance, exactlyOnce);
        registry.bind("recordSender", new io.querycast.delivery.RecordSender(clusters));
        registry.bind("deadLetterSender", new io.querycast.delivery.DeadLetterSender(clusters));
        // incremental feeds keep their watermarks in the same (local) state store; meters go nowhere here
        io.querycast.feed.WatermarkStore watermarks = new io.querycast.feed.WatermarkStore(store.dataSource());
        io.querycast.feed.StateTopic stateTopic = new io.querycast.feed.StateTopic(exactlyOnce.stateTopic(), topicCheck, connections, instance);
        registry.bind("feedRuns", new io.querycast.feed.FeedRuns(watermarks,
                new io.querycast.feed.FeedMemory.All(), pools, connections, Clock.systemUTC(),
                new io.querycast.feed.FeedMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), stateTopic));
        registry.bind("exactlyOnceRuns", new io.querycast.feed.ExactlyOnceRuns(clusters, stateTopic, watermarks, Clock.systemUTC()));
        // the pools, the Kafka components and every job's routes, as the server adds them
        new JobRoutes(jobs, connections, pools, switches, clusters).beforeApplicationStart(camel);
        launcher = new JobLauncher(camel, jobs, new JobEnablement(switches), runIds, Clock.systemDefaultZone());
        registry.bind("jobLauncher", launcher);
        registry.bind("runHistory", history);
        try {
            runAtStart(camel);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the local run's start", e);
        }
        LOG.info("Local run: {} job(s) from {} on Camel {} without Spring Boot", jobs.all().size(), props.jobsDir(), camel.getVersion());
    }

    /** {@code querycast.local.run=JOB}: once every route is up (Quartz has the job), JOB runs once. */
    private void runAtStart(CamelContext camel) throws Exception {
        Optional<String> job = property(camel, "querycast.local.run");
        camel.addStartupListener(new org.apache.camel.StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                job.ifPresent(id -> LOG.info("Local run: job {} started, run {}", id, launcher.runNow(id, Trigger.MANUAL, Map.of())));
            }
        });
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (history != null) {
            history.stop();
        }
        if (topicCheck != null) {
            topicCheck.close();
        }
        if (pools != null) {
            pools.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static Optional<String> property(CamelContext camel, String name) {
        return camel.getPropertiesComponent().resolveProperty(name);
    }
}

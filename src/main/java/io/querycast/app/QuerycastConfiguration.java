package io.querycast.app;

import io.querycast.config.Connections;
import io.querycast.config.PlaceholderResolver;
import io.querycast.config.QuerycastProperties;

import io.querycast.delivery.TopicCheck;
import io.querycast.job.JobCatalog;
import io.querycast.job.JobControl;
import io.querycast.run.JobLauncher;
import io.querycast.job.JobRoutes;
import io.querycast.job.JobSwitches;
import io.querycast.job.ConfigurationFiles;
import io.querycast.query.DatabasePools;
import io.querycast.query.QueryLibrary;
import io.querycast.query.RowReaderFactory;
import io.querycast.run.ErrorRedaction;
import io.querycast.run.ExportRuns;
import io.querycast.run.RunHistory;
import io.querycast.run.RunIdGenerator;
import io.querycast.run.RunListener;
import io.querycast.run.RunMeters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Clock;

/** Reads the connections, queries and jobs at start and exposes the beans the route files call by name. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({QuerycastProperties.class, io.querycast.config.ExactlyOnceSettings.class})
public class QuerycastConfiguration {

    @Bean
    PlaceholderResolver placeholderResolver(Environment environment) {
        return new PlaceholderResolver(environment::getProperty);
    }

    /** Every configuration file read in one pass: a start stops naming all of their mistakes, not the first. */
    @Bean
    ConfigurationFiles.Loaded configurationFiles(QuerycastProperties props, PlaceholderResolver placeholders) {
        return ConfigurationFiles.read(props, placeholders).orThrow();
    }

    @Bean
    Connections connections(ConfigurationFiles.Loaded files) {
        return files.usableConnections();
    }

    @Bean
    QueryLibrary queryLibrary(QuerycastProperties props) {
        return new QueryLibrary(props.queriesDir());
    }

    @Bean
    JobCatalog jobCatalog(ConfigurationFiles.Loaded files) {
        return new JobCatalog(files.jobs());
    }

    @Bean(destroyMethod = "close")
    DatabasePools databasePools(Connections connections, io.micrometer.core.instrument.MeterRegistry registry) {
        return new DatabasePools(connections, new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry));
    }

    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    @Bean
    RunIdGenerator runIdGenerator(RunHistory history) {
        return new RunIdGenerator(history);
    }

    @Bean
    ExportRuns exportRuns(JobCatalog jobs, QueryLibrary queries, RunHistory history, RunIdGenerator runIds, Clock clock,
                          RunMeters.Factory meters, ObjectProvider<RunListener> listeners, ErrorRedaction redaction) {
        return new ExportRuns(jobs, queries, history, runIds, clock, meters, listeners.orderedStream().toList(), redaction);
    }

    @Bean
    JobControl jobControl(org.apache.camel.CamelContext camel, JobCatalog jobs, JobSwitches switches, Clock clock) {
        return new JobControl(camel, jobs, switches, clock);
    }

    /** Camel adds InterceptStrategy beans to every route: the run's ids in the MDC of each step's log lines. */
    @Bean
    io.querycast.run.RunLogContext runLogContext() {
        return new io.querycast.run.RunLogContext();
    }

    @Bean
    io.querycast.run.ExportMessages exportMessages() {
        return new io.querycast.run.ExportMessages();
    }

    /** The Kafka clusters' shared producers (one per cluster) and Camel components, bound into Camel by JobRoutes. */
    @Bean
    io.querycast.delivery.KafkaClusters kafkaProducers(Connections connections, QuerycastProperties props,
                                                       io.querycast.config.ExactlyOnceSettings exactlyOnce) {
        return new io.querycast.delivery.KafkaClusters(connections, props.state().instanceId(), exactlyOnce);
    }

    /** The delivery routes' send step (routes/templates/deliver-records.yaml). */
    @Bean
    io.querycast.delivery.RecordSender recordSender(io.querycast.delivery.KafkaClusters clusters) {
        return new io.querycast.delivery.RecordSender(clusters);
    }

    /** The delivery routes' retryWhile: only retriable failures, as often as the delivery allows. */
    @Bean
    io.querycast.delivery.RetriableFailures retriableFailures() {
        return new io.querycast.delivery.RetriableFailures();
    }

    /** The dead-letter routes' step (routes/templates/dead-letter.yaml). */
    @Bean
    io.querycast.delivery.DeadLetterSender deadLetterSender(io.querycast.delivery.KafkaClusters clusters) {
        return new io.querycast.delivery.DeadLetterSender(clusters);
    }

    /** The export route's topic check at the start of a run. */
    @Bean
    io.querycast.run.RunTopics runTopics(TopicCheck topicCheck) {
        return new io.querycast.run.RunTopics(topicCheck);
    }

    @Bean(destroyMethod = "close")
    TopicCheck topicCheck(org.apache.camel.CamelContext camel, Connections connections) {
        return new TopicCheck(camel, connections);
    }

    @Bean
    RowReaderFactory rowReaderFactory() {
        return new RowReaderFactory();
    }

    @Bean
    JobLauncher jobLauncher(org.apache.camel.CamelContext camel, JobCatalog jobs, io.querycast.job.JobEnablement enablement,
                            RunIdGenerator runIds, Clock clock) {
        return new JobLauncher(camel, jobs, enablement, runIds, clock);
    }

    @Bean
    JobRoutes jobRoutes(JobCatalog jobs, Connections connections, DatabasePools pools, JobSwitches switches,
                        io.querycast.delivery.KafkaClusters clusters) {
        return new JobRoutes(jobs, connections, pools, switches, clusters);
    }

    @Bean
    io.querycast.job.JobEnablement jobEnablement(JobSwitches switches) {
        return new io.querycast.job.JobEnablement(switches);
    }
}

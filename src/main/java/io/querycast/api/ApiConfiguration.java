package io.querycast.api;

import io.querycast.config.ApiSettings;

import io.querycast.config.Connections;
import io.querycast.config.QuerycastProperties;
import io.querycast.delivery.TopicCheck;
import io.querycast.job.JobCatalog;
import io.querycast.run.JobLauncher;
import io.querycast.job.JobSwitches;
import io.querycast.query.DatabasePools;
import io.querycast.query.QueryLibrary;
import io.querycast.run.RunHistory;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.security.SecurityProperties;

import java.time.Clock;
import java.util.List;

/** The beans routes/api.yaml calls by name, the connection health contributors, the request size limit. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSettings.class)
public class ApiConfiguration {

    @Bean
    Redactor redactor(Connections connections, QuerycastProperties props) {
        return new Redactor(connections, List.of(props.state().password()));
    }

    @Bean
    ApiJson apiJson(Redactor redactor) {
        return new ApiJson(redactor);
    }

    /** routes/events.yaml's /api/events handler (defined here, not in events: api depends on events, not back). */
    @Bean
    EventsApi eventsApi(ApiJson api, org.apache.camel.CamelContext camel, org.apache.camel.ProducerTemplate producer,
                        io.querycast.events.EventBatches batches, io.querycast.events.EventPublisher publisher, Connections connections,
                        QuerycastProperties props) {
        return new EventsApi(api, camel, producer, batches, publisher,
                io.querycast.events.EventsConfiguration.replyTimeout(batches.settings(), connections, props.defaults()));
    }

    @Bean(destroyMethod = "close")
    ConnectionProbes connectionProbes(TopicCheck topicCheck, DatabasePools pools, Redactor redactor, ApiSettings settings) {
        return new ConnectionProbes(topicCheck, pools, redactor, settings.probeTimeout());
    }

    @Bean(destroyMethod = "close")
    ConnectionStatus connectionStatus(ConnectionProbes probes, ApiSettings settings, Clock clock) {
        return new ConnectionStatus(probes, settings.statusMaxAge(), clock);
    }

    @Bean
    JobsApi jobsApi(ApiJson api, CamelContext camel, JobCatalog jobs, JobLauncher launcher, RunHistory history, QueryLibrary queries,
                    JobSwitches switches, io.querycast.job.JobControl control, io.querycast.feed.Watermarks watermarks,
                    io.querycast.job.JobEditor editor, io.querycast.job.JobReloader reloader) {
        return new JobsApi(api, camel, jobs, launcher, history, queries, switches, control, watermarks::view, editor, reloader);
    }

    @Bean
    WatermarkApi watermarkApi(ApiJson api, JobCatalog jobs, io.querycast.feed.Watermarks watermarks) {
        return new WatermarkApi(api, jobs, watermarks);
    }

    @Bean
    SchedulingApi schedulingApi(ApiJson api, QueryLibrary queries, Clock clock) {
        return new SchedulingApi(api, queries, clock);
    }

    @Bean
    JobEditApi jobEditApi(ApiJson api, io.querycast.job.JobEditor editor, io.querycast.job.JobReloader reloader, io.querycast.job.JobAudit audit,
                          Clock clock, QuerycastProperties props, io.querycast.config.PlaceholderResolver placeholders) {
        return new JobEditApi(api, editor, reloader, audit, clock, props.connectionsFile(), placeholders);
    }

    @Bean
    JobPreviewApi jobPreviewApi(ApiJson api, JobCatalog jobs, Connections connections, DatabasePools pools, QueryLibrary queries, Clock clock) {
        return new JobPreviewApi(api, jobs, connections, pools, new io.querycast.tooling.JobPreview(queries, clock));
    }

    @Bean
    ReplaysApi replaysApi(ApiJson api, JobCatalog jobs, io.querycast.replay.DeadLetterReplay replay) {
        return new ReplaysApi(api, jobs, replay);
    }

    @Bean
    HistoryApi historyApi(ApiJson api, RunHistory history) {
        return new HistoryApi(api, history);
    }

    @Bean
    KafkaApi kafkaApi(ApiJson api, Connections connections, ConnectionProbes probes, TopicCheck topicCheck,
                      ProducerTemplate producerTemplate, Redactor redactor, ApiSettings settings, JobCatalog jobs) {
        return new KafkaApi(api, connections, probes, topicCheck, producerTemplate, redactor, settings.maxBatchMessages(),
                new SendTopics(settings.sendTopics(), jobs));
    }

    @Bean
    MetricsApi metricsApi(ApiJson api, io.querycast.metrics.KafkaMetricsQueries queries) {
        return new MetricsApi(api, queries);
    }

    @Bean
    DatabaseApi databaseApi(ApiJson api, Connections connections, ConnectionProbes probes) {
        return new DatabaseApi(api, connections, probes);
    }

    @Bean
    MeApi meApi(ApiJson api) {
        return new MeApi(api);
    }

    @Bean
    StatusApi statusApi(ApiJson api, Connections connections, ConnectionProbes probes, ConnectionStatus status,
                        io.querycast.metrics.ExportMeters meters) {
        return new StatusApi(api, connections, probes, status, meters);
    }

    @Bean
    CompositeHealthContributor kafkaClusters(Connections connections, ConnectionProbes probes, ConnectionStatus status) {
        return ConnectionHealth.kafka(connections, probes, status);
    }

    @Bean
    CompositeHealthContributor databases(Connections connections, ConnectionProbes probes, ConnectionStatus status) {
        return ConnectionHealth.databases(connections, probes, status);
    }

    /** Right after security (nothing is read for a caller not signed in), before anything else reads the body. */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(ApiSettings settings) {
        FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(new RequestSizeLimit(settings.maxRequestBytes()));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }

    /** After the size limit: API bodies are JSON in UTF-8 (415, 400). */
    @Bean
    FilterRegistrationBean<JsonRequests> jsonRequests(ApiSettings settings) {
        FilterRegistrationBean<JsonRequests> registration = new FilterRegistrationBean<>(new JsonRequests(settings.maxRequestBytes()));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 20);
        return registration;
    }
}

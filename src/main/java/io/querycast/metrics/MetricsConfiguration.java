package io.querycast.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.querycast.config.Connections;
import io.querycast.config.QuerycastProperties;
import io.querycast.events.EventSettings;
import io.querycast.history.JdbcRunHistory;
import io.querycast.history.StateStore;
import io.querycast.job.JobCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;

/** Querycast's meters, the hourly aggregates in the state store, and the queries the REST API answers from. */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    /** Takes the run history so its start (which brings the state store's tables up to date) comes first. */
    @Bean(initMethod = "start", destroyMethod = "close")
    HourlyMetrics hourlyMetrics(StateStore store, JdbcRunHistory history, QuerycastProperties props, Clock clock) {
        return new HourlyMetrics(store.dataSource(), props.metrics().retention(), clock);
    }

    @Bean
    ExportMeters exportMeters(MeterRegistry registry, HourlyMetrics hourly, Clock clock, QuerycastProperties props, Connections connections) {
        return new ExportMeters(registry, hourly, clock, props.metrics().producerHealthWindow(), connections.allKafkaClusters());
    }

    /** Only configured topics become tag values (Spring Boot applies every MeterFilter bean to the registry). */
    @Bean
    TopicTags topicTags(JobCatalog jobs, EventSettings events, Connections connections) {
        // read at each new meter: a job added by live reload brings its topics
        java.util.function.Supplier<Set<String>> topics = () -> {
            Set<String> t = new TreeSet<>();
            jobs.all().forEach(job -> {
                t.add(job.topic());
                t.add(job.delivery().deadLetterTopic());
            });
            events.topics().values().forEach(topic -> {
                t.add(topic);
                t.add(topic + ".DLT");
            });
            return t;
        };
        Set<String> components = new TreeSet<>();
        connections.allKafkaClusters().forEach(k -> components.add(k.componentName()));
        return new TopicTags(topics, components);
    }

    @Bean
    KafkaMetricsQueries kafkaMetricsQueries(HourlyMetrics hourly, Clock clock) {
        return new KafkaMetricsQueries(hourly, clock);
    }
}

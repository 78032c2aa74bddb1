package io.querycast.feed;

import io.micrometer.core.instrument.MeterRegistry;
import io.querycast.config.Connections;
import io.querycast.config.ExactlyOnceSettings;
import io.querycast.config.QuerycastProperties;
import io.querycast.delivery.KafkaClusters;
import io.querycast.delivery.TopicCheck;
import io.querycast.history.JdbcRunHistory;
import io.querycast.history.StateStore;
import io.querycast.query.DatabasePools;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Incremental feeds: the watermarks in the state store and the export route's {@code feedRuns} steps; exactly-once
 * runs' {@code exactlyOnceRuns} steps and the state topic their watermarks are committed to.
 */
@Configuration(proxyBeanMethods = false)
public class FeedConfiguration {

    /** Takes the started run history only so the schema is migrated first. */
    @Bean
    WatermarkStore watermarkStore(StateStore store, JdbcRunHistory startedHistory) {
        return new WatermarkStore(store.dataSource());
    }

    @Bean
    FeedMemory.All feedMemory() {
        return new FeedMemory.All();
    }

    @Bean
    FeedMeters feedMeters(MeterRegistry registry) {
        return new FeedMeters(registry);
    }

    @Bean
    StateTopic stateTopic(ExactlyOnceSettings settings, TopicCheck topics, Connections connections, QuerycastProperties props) {
        return new StateTopic(settings.stateTopic(), topics, connections, props.state().instanceId());
    }

    @Bean
    FeedRuns feedRuns(WatermarkStore store, FeedMemory.All memory, DatabasePools pools, Connections connections, Clock clock, FeedMeters meters,
                      StateTopic stateTopic) {
        return new FeedRuns(store, memory, pools, connections, clock, meters, stateTopic);
    }

    @Bean
    ExactlyOnceRuns exactlyOnceRuns(KafkaClusters clusters, StateTopic stateTopic, WatermarkStore store, Clock clock) {
        return new ExactlyOnceRuns(clusters, stateTopic, store, clock);
    }

    @Bean
    Watermarks watermarks(WatermarkStore store, FeedMemory.All memory, io.querycast.query.QueryLibrary queries, Clock clock) {
        return new Watermarks(store, memory, queries, clock);
    }
}

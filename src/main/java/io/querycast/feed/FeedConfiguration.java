package io.querycast.feed;

import io.micrometer.core.instrument.MeterRegistry;
import io.querycast.config.Connections;
import io.querycast.history.JdbcRunHistory;
import io.querycast.history.StateStore;
import io.querycast.query.DatabasePools;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Incremental feeds: the watermarks in the state store and the export route's {@code feedRuns} steps. */
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
    FeedRuns feedRuns(WatermarkStore store, FeedMemory.All memory, DatabasePools pools, Connections connections, Clock clock, FeedMeters meters) {
        return new FeedRuns(store, memory, pools, connections, clock, meters);
    }

    @Bean
    Watermarks watermarks(WatermarkStore store, FeedMemory.All memory, io.querycast.query.QueryLibrary queries, Clock clock) {
        return new Watermarks(store, memory, queries, clock);
    }
}

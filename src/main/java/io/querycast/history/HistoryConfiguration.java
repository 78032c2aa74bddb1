package io.querycast.history;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.querycast.config.QuerycastProperties;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

/** The state store and the run history kept in it; scheduling is enabled for the daily pruning. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class HistoryConfiguration {

    /** Opens the pools (with their {@code hikaricp_*} meters, tag {@code pool}) and migrates the schema. */
    @Bean(destroyMethod = "close")
    StateStore stateStore(QuerycastProperties props, MeterRegistry registry) {
        return new StateStore(props.state(), new MicrometerMetricsTrackerFactory(registry));
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    JdbcRunHistory runHistory(StateStore store, QuerycastProperties props, Clock clock) {
        return new JdbcRunHistory(store.dataSource(), props.state().instanceId(), props.history(), clock);
    }

    /** Takes the started run history only so the runs left running are closed before the first read. */
    @Bean
    JdbcJobSwitches jobSwitches(StateStore store, JdbcRunHistory startedHistory) {
        return new JdbcJobSwitches(store.dataSource());
    }

    /** Who changed which job file, when and how (migration V8). */
    @Bean
    JdbcJobAudit jobAudit(StateStore store, JdbcRunHistory startedHistory) {
        return new JdbcJobAudit(store.dataSource());
    }

    @Bean
    HistoryPruning historyPruning(JdbcRunHistory history) {
        return new HistoryPruning(history);
    }

    /**
     * {@code /actuator/health} component {@code stateStore}, one indicator per pool ({@code querycast-state},
     * {@code querycast-scheduler}): each borrows a connection and validates it.
     */
    @Bean
    HealthContributor stateStoreHealthContributor(StateStore store) {
        return new StateStoreHealth(store);
    }
}

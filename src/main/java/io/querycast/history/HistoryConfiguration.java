package io.querycast.history;

import io.querycast.config.QuerycastProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

/** The state store and the run history kept in it; scheduling is enabled for the daily pruning. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class HistoryConfiguration {

    @Bean(destroyMethod = "close")
    StateStore stateStore(QuerycastProperties props) {
        return new StateStore(props.state());
    }

    @Bean(initMethod = "start")
    JdbcRunHistory runHistory(StateStore store, QuerycastProperties props, Clock clock) {
        return new JdbcRunHistory(store.dataSource(), props.state().instanceId(), props.history().retention(), clock);
    }

    /** Takes the started run history only so the schema is up to date before the first read. */
    @Bean
    JdbcJobSwitches jobSwitches(StateStore store, JdbcRunHistory startedHistory) {
        return new JdbcJobSwitches(store.dataSource());
    }

    @Bean
    HistoryPruning historyPruning(JdbcRunHistory history) {
        return new HistoryPruning(history);
    }
}

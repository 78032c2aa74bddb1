package io.querycast.history;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;

import java.util.Iterator;

/**
 * {@code /actuator/health} component {@code stateStore}: Spring Boot's DataSource health indicator for each of
 * the state store's pools ({@code querycast-state}, {@code querycast-scheduler}), listed as they are opened.
 */
final class StateStoreHealth implements CompositeHealthContributor {

    private final StateStore store;

    StateStoreHealth(StateStore store) {
        this.store = store;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return store.pools().stream().filter(p -> p.getPoolName().equals(name)).findFirst().map(StateStoreHealth::indicator).orElse(null);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return store.pools().stream().map(p -> NamedContributor.of(p.getPoolName(), indicator(p))).iterator();
    }

    private static HealthContributor indicator(HikariDataSource pool) {
        return new DataSourceHealthIndicator(pool);
    }
}

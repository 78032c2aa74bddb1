package io.querycast.history;

import io.querycast.config.StateStoreSettings;

import io.querycast.config.Secret;
import io.querycast.job.JobSwitch;
import io.querycast.support.StateDatabases;
import io.querycast.support.StateDatabases.StateDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators' enable/disable decisions in the state store, on both kinds it supports. */
class JdbcJobSwitchesTest {

    static final Instant T0 = Instant.parse("2026-11-20T07:30:00.250Z");

    @TempDir
    static Path dir;

    private final List<StateStore> stores = new ArrayList<>();

    static Stream<StateDatabase> databases() {
        return StateDatabases.fresh("switches", dir);
    }

    @AfterEach
    void closeStores() {
        stores.forEach(StateStore::close);
    }

    /** As the application opens it after a start: the run history's start has brought the schema up to date. */
    private JdbcJobSwitches opened(StateDatabase db) {
        StateStore store = new StateStore(new StateStoreSettings(db.url(), null, Secret.none(), "test-instance"));
        stores.add(store);
        new JdbcRunHistory(store.dataSource(), "test-instance", Duration.ofDays(90), Clock.fixed(T0, ZoneOffset.UTC)).start();
        return new JdbcJobSwitches(store.dataSource());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDecisionIsKeptPerJobReplacedByTheNextAndClearedOnRequest(StateDatabase db) {
        JdbcJobSwitches switches = opened(db);
        assertThat(switches.find("job-a")).isEmpty();

        switches.save(new JobSwitch("job-a", false, true, "alice", T0));
        switches.save(new JobSwitch("job-b", true, false, "bob", T0.plusSeconds(1)));
        assertThat(opened(db).find("job-a")).as("read through a new pool, as after a restart")
                .contains(new JobSwitch("job-a", false, true, "alice", T0));

        switches.save(new JobSwitch("job-a", true, true, "carol", T0.plusSeconds(60)));
        assertThat(switches.find("job-a")).contains(new JobSwitch("job-a", true, true, "carol", T0.plusSeconds(60)));

        switches.clear("job-a");
        assertThat(switches.find("job-a")).isEmpty();
        assertThat(switches.find("job-b")).contains(new JobSwitch("job-b", true, false, "bob", T0.plusSeconds(1)));
    }
}

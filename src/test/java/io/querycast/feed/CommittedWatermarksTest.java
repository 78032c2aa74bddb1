package io.querycast.feed;

import io.querycast.config.Secret;
import io.querycast.config.StateStoreSettings;
import io.querycast.history.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once: where a run starts. The process stopped between the commit (state topic) and the state store's
 * update: the topic's newer record wins and the store is brought up to it (nothing lost, nothing twice). An
 * operator changed the store since: the store wins. No record: the store's watermark.
 */
class CommittedWatermarksTest {

    private final Map<String, StateRecord> topic = new HashMap<>();
    private StateStore stateStore;
    private WatermarkStore store;
    private CommittedWatermarks committed;

    @BeforeEach
    void open() {
        stateStore = new StateStore(new StateStoreSettings("jdbc:h2:mem:committed-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", null,
                Secret.none(), "test"));
        store = new WatermarkStore(stateStore.dataSource());
        committed = new CommittedWatermarks(new CommittedState() {
            @Override
            public Optional<StateRecord> read(String cluster, String jobId) {
                return Optional.ofNullable(topic.get(cluster + "/" + jobId));
            }

            @Override
            public String name() {
                return "querycast-state";
            }
        }, store, Clock.systemUTC());
        store.create("feed", "h1", Instant.now(), "run r0");
    }

    @AfterEach
    void close() {
        stateStore.close();
    }

    @Test
    void withoutACommittedRecordTheStoresWatermarkStands() {
        Watermark stored = store.find("feed").orElseThrow();
        assertThat(committed.startingPoint("default", "feed", stored)).isEqualTo(stored);
    }

    @Test
    void aCommitTheStoreDidNotGetWinsAndTheStoreCatchesUp() {
        Watermark stored = store.find("feed").orElseThrow();
        // run r1 committed id 42 (revision 0 -> 1) and the process died before the store's update
        topic.put("default/feed", new StateRecord(new Position(null, 42L), "h1", "r1", stored.revision() + 1));
        Watermark start = committed.startingPoint("default", "feed", stored);
        assertThat(start.position()).isEqualTo(new Position(null, 42L));
        assertThat(start.revision()).isEqualTo(stored.revision() + 1);
        assertThat(start.sqlHash()).as("the query check still applies").isEqualTo("h1");
        assertThat(store.find("feed").orElseThrow().position()).as("the store is the view again").isEqualTo(new Position(null, 42L));
        assertThat(store.find("feed").orElseThrow().updatedBy()).contains("run r1").contains("querycast-state");
        // the next run of the same state: nothing to catch up
        assertThat(committed.startingPoint("default", "feed", store.find("feed").orElseThrow()).revision()).isEqualTo(start.revision());
    }

    @Test
    void anOperatorsChangeSinceTheLastCommitWins() {
        Watermark stored = store.find("feed").orElseThrow();
        topic.put("default/feed", new StateRecord(new Position(null, 42L), "h1", "r1", stored.revision() + 1));
        store.advance("feed", stored.revision(), new Position(null, 42L), Instant.now(), "run r1");
        store.change("feed", "rewind", new Position(null, 7L), "h1", Instant.now(), "alice");
        Watermark afterOperator = store.find("feed").orElseThrow();
        Watermark start = committed.startingPoint("default", "feed", afterOperator);
        assertThat(start.position()).isEqualTo(new Position(null, 7L));
        assertThat(start.updatedBy()).isEqualTo("alice");
    }
}

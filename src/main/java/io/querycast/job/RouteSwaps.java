package io.querycast.job;


import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.JobKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Puts a job's new version in force between two runs, never during one: while the job's export route has a
 * run in flight here, the change waits (the newest change of a job replaces one still waiting); once the route
 * is idle its routes are removed and the new version's added, or, for a removed job, its routes and its Quartz
 * job removed. A fire cannot start during the wait: the Quartz job is stateful, so no fire of it starts while
 * a run of it is going on, on any instance.
 */
final class RouteSwaps implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSwaps.class);
    private static final long POLL_MS = 250;

    private final CamelContext camel;
    private final JobCatalog catalog;
    private final JobRoutes routes;
    /** job id -> the version to put in force (empty: remove the job) */
    private final Map<String, Optional<ExportJob>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "querycast-reload-swaps");
        t.setDaemon(true);
        return t;
    });

    RouteSwaps(CamelContext camel, JobCatalog catalog, JobRoutes routes) {
        this.camel = camel;
        this.catalog = catalog;
        this.routes = routes;
    }

    /** @param job the new version, or null to remove the job */
    void submit(String jobId, ExportJob job) {
        pending.put(jobId, Optional.ofNullable(job));
        executor.execute(this::drain);
    }

    /** The changes waiting: job id -> the version to put in force (empty: the job is being removed). */
    Map<String, Optional<ExportJob>> waiting() {
        return Map.copyOf(pending);
    }

    /** Whether a change of the job waits for the run of it in progress here to end. */
    boolean isWaiting(String jobId) {
        return pending.containsKey(jobId) && camel.getInflightRepository().size(jobId) > 0;
    }

    private void drain() {
        for (Map.Entry<String, Optional<ExportJob>> e : Map.copyOf(pending).entrySet()) {
            String id = e.getKey();
            if (camel.getInflightRepository().size(id) > 0) {
                continue;
            }
            try {
                if (swap(id, e.getValue().orElse(null))) {
                    pending.remove(id, e.getValue());
                }
            } catch (Exception ex) {
                LOG.error("Live reload: job {}: the new version could not be put in force: {}", id, ex.toString());
                pending.remove(id, e.getValue());
            }
        }
        if (!pending.isEmpty() && !executor.isShutdown()) {
            executor.schedule(this::drain, POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** @return false when a run started meanwhile: tried again after it */
    private boolean swap(String id, ExportJob next) throws Exception {
        if (camel.getRoute(id) != null && !camel.getRouteController().stopRoute(id, 30, TimeUnit.SECONDS, true)) {
            return false;
        }
        ExportJob old = catalog.find(id).orElse(null);
        JobRoutes.removeRoutes(camel, id);
        if (next == null) {
            catalog.remove(id);
            deleteQuartzJob(id);
            LOG.info("Live reload: job {} removed (its file is gone): its routes and its schedule are stopped", id);
            return true;
        }
        if (old != null && (!old.timezone().equals(next.timezone()) || old.scheduling().recover() != next.scheduling().recover())) {
            // camel-quartz compares the cron expression only: a trigger in another time zone is scheduled anew
            deleteQuartzJob(id);
        }
        catalog.put(next);
        try {
            routes.addRoute(camel, next);
        } catch (Exception e) {
            LOG.error("Live reload: job {}: the new version's routes could not start ({}); the previous version is put back", id, e.toString());
            JobRoutes.removeRoutes(camel, id);
            if (old != null) {
                catalog.put(old);
                routes.addRoute(camel, old);
            } else {
                catalog.remove(id);
            }
            return true;
        }
        LOG.info("Live reload: job {} {} (schedule '{}', next runs use it)", id, old == null ? "added" : "replaced", next.schedule().original());
        return true;
    }

    private void deleteQuartzJob(String id) {
        try {
            QuartzComponent quartz = camel.getComponent("quartz", QuartzComponent.class);
            if (quartz != null && quartz.getScheduler() != null) {
                quartz.getScheduler().deleteJob(JobKey.jobKey(id, JobRoutes.QUARTZ_GROUP));
            }
        } catch (Exception e) {
            LOG.warn("Live reload: job {}: its Quartz job could not be removed from the schedule: {}", id, e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "RouteSwaps" + Objects.toString(pending.keySet());
    }
}

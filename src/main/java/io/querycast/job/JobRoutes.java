package io.querycast.job;

import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;
import io.querycast.delivery.DeliveryRoutes;
import io.querycast.delivery.KafkaClusters;
import io.querycast.message.RecordSteps;
import io.querycast.query.DatabasePools;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Turns each job into routes from the YAML templates in routes/templates/, after binding the connections
 * the templates refer to by name: {@code <job id>} (the export), {@code <job id>-deliver} and
 * {@code <job id>-dead-letter}. Every export route starts, enabled or not: with several instances a fire may
 * land on any of them, so each must be able to run it; a disabled job's fires are refused by the scheduler
 * ({@link JobEnablement}, read from the shared state store at each fire).
 */
public final class JobRoutes implements CamelContextConfiguration {

    /** The Quartz group of every job's {@code quartz:querycast/<job>} endpoint (routes/templates/export-*.yaml). */
    public static final String QUARTZ_GROUP = "querycast";


    public static final String TEMPLATE_ID = "querycast-export";
    private static final Logger LOG = LoggerFactory.getLogger(JobRoutes.class);

    private final JobCatalog jobs;
    private final Connections connections;
    private final DatabasePools pools;
    private final JobSwitches switches;
    private final KafkaClusters clusters;

    /** @param clusters the Kafka clusters' producers and components, bound into the Camel context here */
    public JobRoutes(JobCatalog jobs, Connections connections, DatabasePools pools, JobSwitches switches, KafkaClusters clusters) {
        this.jobs = jobs;
        this.connections = connections;
        this.pools = pools;
        this.switches = switches;
        this.clusters = clusters;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        pools.bindInto(context.getRegistry(), connections);
        clusters.bindTo(context);
        for (ExportJob job : jobs.all()) {
            addRoute(context, job);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing: routes start with the context
    }

    /**
     * The job file's {@code enabled}, unless an operator switched the job through the API since the file
     * last said so: that decision survives restarts until the file's value changes. At start, for the log: a
     * decision the file has overruled is forgotten here, and one that contradicts the file is warned about.
     */
    private boolean enabled(ExportJob job) {
        Optional<JobSwitch> decision = switches.find(job.id());
        if (decision.isEmpty()) {
            return job.enabled();
        }
        JobSwitch d = decision.get();
        if (!d.appliesTo(job.enabled())) {
            LOG.info("Export job {}: the job file now says enabled: {}, which replaces the API's '{}' by {} at {}",
                    job.id(), job.enabled(), d.enabled() ? "enable" : "disable", d.changedBy(), d.changedAt());
            switches.clear(job.id());
            return job.enabled();
        }
        if (d.enabled() != job.enabled()) {
            LOG.warn("Export job {}: {} through the API by {} at {}, although its file says enabled: {} (POST /api/jobs/{}/{} or edit the file to change it)",
                    job.id(), d.enabled() ? "enabled" : "disabled", d.changedBy(), d.changedAt(), job.enabled(),
                    job.id(), d.enabled() ? "disable" : "enable");
        }
        return d.enabled();
    }

    /** The ids of the three routes of a job, the export route first. */
    static java.util.List<String> routeIds(String jobId) {
        return java.util.List.of(jobId, jobId + "-deliver", jobId + "-dead-letter");
    }

    /**
     * Stops and removes a job's routes, their definitions and its Quartz endpoint (live reload). The export
     * route must be idle: {@link RouteSwaps} waits for the run in progress first.
     */
    static void removeRoutes(CamelContext context, String jobId) throws Exception {
        org.apache.camel.model.ModelCamelContext model = (org.apache.camel.model.ModelCamelContext) context;
        for (String routeId : routeIds(jobId)) {
            if (context.getRoute(routeId) != null) {
                context.getRouteController().stopRoute(routeId);
                context.removeRoute(routeId);
            }
            org.apache.camel.model.RouteDefinition definition = model.getRouteDefinition(routeId);
            if (definition != null) {
                model.removeRouteDefinition(definition);
            }
        }
        // an endpoint left in the context's cache would be reused by a route with the same URI, believing its
        // Quartz job still scheduled
        context.removeEndpoints("quartz://" + QUARTZ_GROUP + "/" + jobId);
        context.removeEndpoints("quartz://" + QUARTZ_GROUP + "/" + jobId + "?*");
        // an exactly-once job's transactional producer goes with its routes (a new version makes its own)
        KafkaClusters clusters = context.hasService(KafkaClusters.class);
        if (clusters != null) {
            clusters.discardTransactional(jobId);
        }
    }

    /**
     * The job's own route from an export template (Kafka or file): the schedule, the query and the batches are
     * the same parameters for both, whatever the template does with the rows.
     */
    static void addScheduledQuery(CamelContext context, String templateId, ExportJob job, DatabaseConnection db) {
        TemplatedRouteBuilder.builder(context, templateId)
                .routeId(job.id())
                .parameter("jobId", job.id())
                .parameter("cron", job.schedule().quartz())
                .parameter("recover", Boolean.toString(job.scheduling().recover()))
                .parameter("timezone", job.timezone().getId())
                .parameter("dataSource", db.beanName())
                .parameter("statementSettings", DatabasePools.statementSettingsName(db))
                .parameter("fetchSize", Integer.toString(db.fetchSize()))
                .parameter("batchSize", Integer.toString(job.batchSize()))
                .add();
    }

    void addRoute(CamelContext context, ExportJob job) {
        if (!job.output().toKafka()) {
            // file and mailed exports: routes/templates/export-file.yaml, steps in io.querycast.output
            FileExportRoute.add(context, job, connections.database(job.dbConnection()).orElseThrow());
            return;
        }
        boolean enabled = enabled(job);
        DatabaseConnection db = connections.database(job.dbConnection()).orElseThrow();
        addScheduledQuery(context, TEMPLATE_ID, job, db);
        DeliveryRoutes.add(context, job.id(), job.delivery().maxRedeliveries(), job.delivery().redeliveryDelay().toMillis());
        for (int i = 0; i < job.shape().steps().size(); i++) {
            String step = job.shape().steps().get(i);
            TemplatedRouteBuilder.builder(context, step)
                    .routeId(RecordSteps.routeId(job.id(), i, step))
                    .parameter("input", RecordSteps.input(job.id(), i))
                    .parameter("jobId", job.id())
                    .add();
        }
        LOG.info("Export job {}: {} schedule '{}' (Quartz '{}', {}) misfire_policy={}{} recover={} query={} db={} -> topic={} on kafka={}",
                job.id(), enabled ? "enabled," : "DISABLED,", job.schedule().original(), job.schedule().quartz(),
                job.timezone().getId(), job.scheduling().misfirePolicy(),
                job.scheduling().misfirePolicy() == ExportJob.MisfirePolicy.SKIP ? " (grace " + job.scheduling().misfireGrace().toSeconds() + " s)" : "",
                job.scheduling().recover(), job.queryFile(), job.dbConnection(), job.topic(), job.kafkaConnection());
    }
}

package io.querycast.output;

import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;
import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.query.DatabasePools;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each job with {@code export_mode: filesystem} or {@code email} into a route from the template of
 * routes/templates/export-file.yaml, its id the job id (Kafka jobs get theirs from {@code JobRoutes}). As for
 * Kafka jobs, every instance starts every route and the scheduler refuses a disabled job's fires. The database
 * pools are bound by {@code JobRoutes}, before any route starts.
 */
public final class FileExportRoutes implements CamelContextConfiguration {

    public static final String TEMPLATE_ID = "querycast-export-file";
    private static final Logger LOG = LoggerFactory.getLogger(FileExportRoutes.class);

    private final JobCatalog jobs;
    private final Connections connections;

    public FileExportRoutes(JobCatalog jobs, Connections connections) {
        this.jobs = jobs;
        this.connections = connections;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        for (ExportJob job : jobs.all()) {
            if (!job.output().toKafka()) {
                addRoute(context, job);
            }
        }
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing: routes start with the context
    }

    /** Adds the job's route; public so that a job added while running can get one too. */
    public void addRoute(CamelContext context, ExportJob job) {
        DatabaseConnection db = connections.database(job.dbConnection()).orElseThrow();
        TemplatedRouteBuilder.builder(context, TEMPLATE_ID)
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
        LOG.info("Export job {}: schedule '{}' (Quartz '{}', {}) query={} db={} -> {} {} in {} as '{}'{}",
                job.id(), job.schedule().original(), job.schedule().quartz(), job.timezone().getId(), job.queryFile(), job.dbConnection(),
                job.output().mode(), job.output().format(), job.output().directory(), job.output().fileName(),
                job.output().email() == null ? "" : ", mailed to " + job.output().email().recipients());
    }
}

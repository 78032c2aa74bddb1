package io.querycast.job;

import io.querycast.config.DatabaseConnection;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route of a job with {@code export_mode: filesystem} or {@code email}, from the template of
 * routes/templates/export-file.yaml, its id the job id (as a Kafka job's). Added by {@link JobRoutes} at start
 * and by live reload alike; its steps are the beans of io.querycast.output ({@code fileExports},
 * {@code mailedExports}), called by name.
 */
final class FileExportRoute {

    static final String TEMPLATE_ID = "querycast-export-file";
    private static final Logger LOG = LoggerFactory.getLogger(FileExportRoute.class);

    private FileExportRoute() {
    }

    static void add(CamelContext context, ExportJob job, DatabaseConnection db) {
        JobRoutes.addScheduledQuery(context, TEMPLATE_ID, job, db);
        LOG.info("Export job {}: schedule '{}' (Quartz '{}', {}) query={} db={} -> {} {} in {} as '{}'{}",
                job.id(), job.schedule().original(), job.schedule().quartz(), job.timezone().getId(), job.queryFile(), job.dbConnection(),
                job.output().mode(), job.output().format(), job.output().directory(), job.output().fileName(),
                job.output().email() == null ? "" : ", mailed to " + job.output().email().recipients());
    }
}

package io.querycast.job;

import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;
import io.querycast.config.KafkaConnection;
import io.querycast.delivery.KafkaClusters;
import io.querycast.query.DatabasePools;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each job into a route from the YAML template {@value #TEMPLATE_ID} (routes/templates/), after
 * binding the connections the template refers to by name. The route id is the job id.
 */
public final class JobRoutes implements CamelContextConfiguration {

    public static final String TEMPLATE_ID = "querycast-export";
    private static final Logger LOG = LoggerFactory.getLogger(JobRoutes.class);

    private final JobCatalog jobs;
    private final Connections connections;
    private final DatabasePools pools;

    public JobRoutes(JobCatalog jobs, Connections connections, DatabasePools pools) {
        this.jobs = jobs;
        this.connections = connections;
        this.pools = pools;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        pools.bindInto(context.getRegistry(), connections);
        KafkaClusters.register(context, connections);
        for (ExportJob job : jobs.all()) {
            addRoute(context, job);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing: routes start with the context
    }

    private void addRoute(CamelContext context, ExportJob job) {
        DatabaseConnection db = connections.database(job.dbConnection()).orElseThrow();
        KafkaConnection kafka = connections.kafka(job.kafkaConnection()).orElseThrow();
        TemplatedRouteBuilder.builder(context, TEMPLATE_ID)
                .routeId(job.id())
                .parameter("jobId", job.id())
                .parameter("enabled", Boolean.toString(job.enabled()))
                .parameter("cron", job.schedule().quartz())
                .parameter("timezone", job.timezone().getId())
                .parameter("dataSource", db.beanName())
                .parameter("statementSettings", DatabasePools.statementSettingsName(db))
                .parameter("fetchSize", Integer.toString(db.fetchSize()))
                .parameter("kafkaComponent", kafka.componentName())
                .parameter("topic", job.topic())
                .parameter("batchSize", Integer.toString(job.batchSize()))
                .add();
        LOG.info("Export job {}: {} schedule '{}' (Quartz '{}', {}) query={} db={} -> topic={} on kafka={}",
                job.id(), job.enabled() ? "enabled," : "DISABLED,", job.schedule().original(), job.schedule().quartz(),
                job.timezone().getId(), job.queryFile(), job.dbConnection(), job.topic(), job.kafkaConnection());
    }
}

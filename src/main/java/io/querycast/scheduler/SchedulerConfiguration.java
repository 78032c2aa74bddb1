package io.querycast.scheduler;

import io.querycast.config.QuerycastProperties;
import io.querycast.history.StateStore;
import io.querycast.job.JobCatalog;
import io.querycast.job.JobEnablement;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * camel-quartz's scheduler: clustered, its job store in the state store ({@code querycast.scheduler.*}). Camel
 * creates it from the factory when the quartz component starts, starts it once every route is up and shuts it
 * down when the context stops (waiting for the runs in progress, which a shutdown ends between two batches).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulerSettings.class)
public class SchedulerConfiguration {

    @Bean
    ComponentCustomizer quartzSchedulerCustomizer(SchedulerSettings settings, StateStore store, QuerycastProperties props, JobCatalog jobs,
                                                  JobEnablement enablement) {
        ClusteredSchedulerFactory factory = new ClusteredSchedulerFactory(settings, props.state().instanceId(), store.product(),
                store.schedulerDataSource(settings.poolSize()), jobs, new FireListener(jobs, enablement));
        return ComponentCustomizer.forType(QuartzComponent.class, quartz -> quartz.setSchedulerFactory(factory));
    }
}

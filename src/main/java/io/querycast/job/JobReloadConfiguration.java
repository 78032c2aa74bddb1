package io.querycast.job;

import io.querycast.config.PlaceholderResolver;
import io.querycast.config.QuerycastProperties;
import io.querycast.query.QueryLibrary;
import org.apache.camel.CamelContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;

/** Live reload of job and query files, and the job editor of the API ({@code querycast.reload.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReloadSettings.class)
public class JobReloadConfiguration {

    @Bean(destroyMethod = "close")
    RouteSwaps routeSwaps(CamelContext camel, JobCatalog jobs, JobRoutes routes) {
        return new RouteSwaps(camel, jobs, routes);
    }

    @Bean
    JobReloader jobReloader(QuerycastProperties props, PlaceholderResolver placeholders, ConfigurationFiles.Loaded files, JobCatalog jobs,
                            QueryLibrary queries, RouteSwaps swaps, JobAudit audit, Clock clock) {
        return new JobReloader(props.jobsDir(), props.queriesDir(), placeholders, files.connections(), props.defaults(), jobs, queries, swaps,
                audit, clock, props.state().instanceId());
    }

    @Bean
    JobEditor jobEditor(QuerycastProperties props, PlaceholderResolver placeholders, ConfigurationFiles.Loaded files, JobCatalog jobs,
                        JobReloader reloader, JobAudit audit, Clock clock) {
        return new JobEditor(props.jobsDir(), new JobFiles(props.jobsDir()), reloader, audit, jobs, placeholders, files.connections(),
                props.queriesDir(), props.defaults(), clock, props.state().instanceId());
    }

    @Bean(destroyMethod = "close")
    JobFilesWatcher jobFilesWatcher(QuerycastProperties props, JobReloader reloader, ReloadSettings settings) {
        return new JobFilesWatcher(List.of(props.jobsDir(), props.queriesDir()), reloader, settings.debounce());
    }

    /** Once every route runs: edits made from now on are picked up (one made during the start by the first reload). */
    @Bean
    ApplicationListener<ApplicationReadyEvent> jobFilesWatchStart(JobFilesWatcher watcher, JobReloader reloader, ReloadSettings settings) {
        return event -> {
            if (!settings.enabled()) {
                return;
            }
            try {
                watcher.start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("live reload: cannot watch the job and query directories: " + e.getMessage(), e);
            }
            reloader.reload("file");
        };
    }
}

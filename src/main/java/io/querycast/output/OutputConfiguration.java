package io.querycast.output;

import io.querycast.config.Connections;
import io.querycast.job.JobCatalog;
import io.querycast.mail.Mailer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The routes of file and mailed exports and the beans their steps call by name. */
@Configuration(proxyBeanMethods = false)
public class OutputConfiguration {

    @Bean
    FileExportRoutes fileExportRoutes(JobCatalog jobs, Connections connections) {
        return new FileExportRoutes(jobs, connections);
    }

    @Bean
    FileExports fileExports() {
        return new FileExports();
    }

    @Bean
    MailedExports mailedExports(Mailer mailer) {
        return new MailedExports(mailer);
    }
}

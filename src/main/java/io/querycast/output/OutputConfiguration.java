package io.querycast.output;

import io.querycast.mail.Mailer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans the file export route's steps (routes/templates/export-file.yaml) call by name; the route is added by JobRoutes. */
@Configuration(proxyBeanMethods = false)
public class OutputConfiguration {

    @Bean
    FileExports fileExports() {
        return new FileExports();
    }

    @Bean
    MailedExports mailedExports(Mailer mailer) {
        return new MailedExports(mailer);
    }
}

package io.querycast.mail;

import io.querycast.config.Connections;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The mail route (when the connections file has a mail server) and the {@link Mailer} that sends through it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailSettings.class)
public class MailerConfiguration {

    @Bean
    MailRoutes mailRoutes(Connections connections, MailSettings settings) {
        return new MailRoutes(connections, settings);
    }

    @Bean
    Mailer mailer(ProducerTemplate producer, Connections connections) {
        return new Mailer(producer, connections);
    }
}

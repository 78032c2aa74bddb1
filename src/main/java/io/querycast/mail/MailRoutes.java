package io.querycast.mail;

import io.querycast.config.Connections;
import io.querycast.config.MailConnection;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the connections file has a {@code mail:} section: configures camel-mail's {@code smtp} (or {@code smtps})
 * component with its credentials, sender and TLS settings, and adds the route {@code querycast-mail} from the
 * template of routes/mail.yaml. The credentials live on the component, never in an endpoint URI, so they
 * do not show in Hawtio, JMX or the exchange event meters' endpoint tags.
 */
public final class MailRoutes implements CamelContextConfiguration {

    public static final String TEMPLATE_ID = "querycast-mail";
    public static final String ROUTE_ID = "querycast-mail";
    private static final Logger LOG = LoggerFactory.getLogger(MailRoutes.class);

    private final Connections connections;
    private final MailSettings settings;

    public MailRoutes(Connections connections, MailSettings settings) {
        this.connections = connections;
        this.settings = settings;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        MailConnection mail = connections.mailConnection().orElse(null);
        if (mail == null) {
            return;
        }
        MailConfiguration config = context.getComponent(mail.scheme(), MailComponent.class).getConfiguration();
        config.setFrom(mail.from());
        config.setConnectionTimeout((int) mail.timeout().toMillis());
        if (mail.authenticates()) {
            config.setUsername(mail.username());
            config.setPassword(mail.password().reveal());
        }
        config.setAdditionalJavaMailProperties(JavaMailProperties.of(mail));
        TemplatedRouteBuilder.builder(context, TEMPLATE_ID)
                .routeId(ROUTE_ID)
                .parameter("scheme", mail.scheme())
                .parameter("host", mail.host())
                .parameter("port", Integer.toString(mail.port()))
                .parameter("maxRetries", Integer.toString(settings.maxRetries()))
                .parameter("retryBackoffMs", Long.toString(settings.retryBackoff().toMillis()))
                .add();
        LOG.info("Mail: {}://{}:{} ({}), from {}, {}", mail.scheme(), mail.host(), mail.port(), mail.security(), mail.from(),
                mail.authenticates() ? "authenticated as " + mail.username() : "no authentication");
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing: the route starts with the context
    }
}

package io.querycast.mail;

import io.querycast.config.Connections;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mail.MailConstants;
import org.apache.camel.support.DefaultExchange;

import java.util.Optional;

/**
 * The one place Querycast sends mail from Java: builds a fresh exchange for the route {@code querycast-mail}
 * (routes/mail.yaml) and waits for its outcome, the route's redeliveries included. A route can send mail
 * itself with {@code to: direct:querycast-mail}, the headers {@code To} and {@code Subject} and a text body;
 * camel-mail turns every other header of the exchange into a mail header, so send a clean exchange.
 */
public final class Mailer {

    public static final String ENDPOINT = "direct:querycast-mail";

    private final ProducerTemplate producer;
    private final Connections connections;

    public Mailer(ProducerTemplate producer, Connections connections) {
        this.producer = producer;
        this.connections = connections;
    }

    /** Whether the connections file has a mail server: without one nothing can be sent. */
    public boolean configured() {
        return connections.mailConnection().isPresent();
    }

    /** @throws MailException when the server did not take the mail after the route's redeliveries */
    public void send(Mail mail) {
        if (!configured()) {
            throw new MailException("no mail server: add a mail: section to " + connections.file());
        }
        Exchange exchange = new DefaultExchange(producer.getCamelContext());
        exchange.getIn().setHeader(MailConstants.MAIL_TO, String.join(", ", mail.to()));
        exchange.getIn().setHeader(MailConstants.MAIL_SUBJECT, mail.subject());
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
        exchange.getIn().setBody(mail.text());
        Exchange done = producer.send(ENDPOINT, exchange);
        Exception failure = done.getException();
        if (failure != null) {
            throw new MailException("mail '" + mail.subject() + "' to " + mail.to() + " not sent: " + rootMessage(failure), failure);
        }
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + Optional.ofNullable(c.getMessage()).orElse("");
    }
}

package io.querycast.mail;

import io.querycast.config.Connections;
import org.apache.camel.Exchange;
import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.attachment.DefaultAttachment;
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

    /**
     * @return the mail's Message-ID, as the server got it
     * @throws MailException when the server did not take the mail after the route's redeliveries
     */
    public String send(Mail mail) {
        if (!configured()) {
            throw new MailException("no mail server: add a mail: section to " + connections.file());
        }
        Exchange exchange = new DefaultExchange(producer.getCamelContext());
        exchange.getIn().setHeader(MailConstants.MAIL_TO, String.join(", ", mail.to()));
        exchange.getIn().setHeader(MailConstants.MAIL_SUBJECT, mail.subject());
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
        exchange.getIn().setBody(mail.text());
        if (!mail.attachments().isEmpty()) {
            AttachmentMessage message = exchange.getIn(AttachmentMessage.class);
            for (Mail.Attachment a : mail.attachments()) {
                DefaultAttachment attachment = new DefaultAttachment(new DataHandler(new TypedFileDataSource(a.file(), a.contentType())));
                // base64 whatever the type: quoted-printable would turn a CSV's lone LF inside a value into CRLF
                attachment.setHeader("Content-Transfer-Encoding", "base64");
                message.addAttachmentObject(a.name(), attachment);
            }
        }
        Exchange done = producer.send(ENDPOINT, exchange);
        Exception failure = done.getException();
        if (failure != null) {
            throw new MailException("mail '" + mail.subject() + "' to " + mail.to() + " not sent: " + rootMessage(failure), failure);
        }
        return done.getMessage().getHeader(MailConstants.MAIL_MESSAGE_ID, String.class);
    }

    /** A file announced with the given MIME type (FileDataSource guesses one from the name otherwise). */
    private static final class TypedFileDataSource extends FileDataSource {
        private final String contentType;

        TypedFileDataSource(java.nio.file.Path file, String contentType) {
            super(file.toFile());
            this.contentType = contentType;
        }

        @Override
        public String getContentType() {
            return contentType;
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

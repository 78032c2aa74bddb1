package io.querycast.output;

import io.querycast.job.JobOutput;
import io.querycast.job.OutputTemplate;
import io.querycast.mail.Mail;
import io.querycast.mail.Mailer;
import io.querycast.run.ExportRun;
import io.querycast.run.ExportRuns;
import io.querycast.run.RunOutput;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The mail step of an {@code export_mode: email} run (bean {@code mailedExports}), once the file is complete:
 * the file attached as it is, zipped when larger than {@code attach_zip_above}, or not attached at all when
 * the attachment would be larger than {@code attach_max} (the mail then says where the file is). Sent through
 * the one mail route ({@link Mailer}); the run's rows count as sent once the server took the mail.
 */
public final class MailedExports {

    private static final Logger LOG = LoggerFactory.getLogger(MailedExports.class);

    private final Mailer mailer;

    public MailedExports(Mailer mailer) {
        this.mailer = mailer;
    }

    /** How the file goes with the mail. */
    record Delivery(Path attachment, boolean zipped, String sentence) {
    }

    public void send(Exchange exchange) throws IOException {
        ExportRun run = ExportRuns.runOf(exchange);
        FileExport export = FileExports.export(exchange);
        JobOutput.Email email = run.job().output().email();
        Path file = export.target();
        long size = FileExport.size(file);
        Delivery delivery = delivery(file, size, email, run.job().output().compression(), run.runId());
        try {
            Map<String, String> values = new HashMap<>(FileExports.values(run));
            values.put("rows", String.format(Locale.ROOT, "%,d", export.rows()));
            values.put("file_name", file.getFileName().toString());
            values.put("file_path", file.toString());
            values.put("file_size", humanSize(size));
            values.put("attachment", delivery.sentence());
            String subject = OutputTemplate.parse(email.subject(), OutputTemplate.MAIL_VALUES).render(values, FileExports.runTime(run));
            String body = OutputTemplate.parse(email.body(), OutputTemplate.MAIL_VALUES).render(values, FileExports.runTime(run));
            List<Mail.Attachment> attachments = delivery.attachment() == null ? List.of()
                    : List.of(new Mail.Attachment(delivery.attachment().getFileName().toString(), delivery.attachment(),
                    contentType(delivery.attachment())));
            String messageId;
            try {
                messageId = mailer.send(new Mail(email.recipients(), subject, body, attachments));
            } catch (RuntimeException e) {
                throw new OutputException("the export's mail to " + email.recipients() + " was not sent (the file stays at " + file + "): "
                        + e.getMessage(), e);
            }
            run.output(new RunOutput(file.toString(), messageId));
            run.addSent(export.rows(), size);
            LOG.info("Mailed export: job={} run={} mail {} to {}: {}", run.jobId(), run.runId(), messageId, email.recipients(),
                    delivery.sentence());
        } finally {
            if (delivery.zipped()) {
                deleteZip(delivery.attachment());
            }
        }
    }

    /** Whether the file is attached, zipped, or only named; the zip is a temporary file next to it. */
    static Delivery delivery(Path file, long size, JobOutput.Email email, JobOutput.Compression compression, String runId) throws IOException {
        String name = file.getFileName().toString();
        Path attachment = file;
        boolean zipped = false;
        long attachedSize = size;
        // a file compressed already gains nothing from a zip around it
        if (size > email.attachZipAbove() && compression == JobOutput.Compression.NONE) {
            attachment = zip(file, runId);
            zipped = true;
            attachedSize = Files.size(attachment);
        }
        if (attachedSize > email.attachMax()) {
            if (zipped) {
                deleteZip(attachment);
            }
            String where = email.linkBaseUrl() == null ? file.toString()
                    : email.linkBaseUrl() + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
            return new Delivery(null, false, "The file " + name + " (" + humanSize(size) + ") is too large to attach (over "
                    + humanSize(email.attachMax()) + (zipped ? " zipped" : "") + "): it is at " + where);
        }
        String sentence = zipped ? "Attached: " + attachmentName(file) + " (" + name + " zipped, " + humanSize(attachedSize) + ")."
                : "Attached: " + name + " (" + humanSize(size) + ").";
        return new Delivery(attachment, zipped, sentence);
    }

    private static String attachmentName(Path file) {
        return file.getFileName() + ".zip";
    }

    /** Zips the file into a temporary file named {@code <file>.zip} in a directory of its own (the name the mail shows). */
    private static Path zip(Path file, String runId) throws IOException {
        Path dir = Files.createTempDirectory(file.getParent(), ".mail-" + runId.replaceAll("[^A-Za-z0-9_.-]", "_") + "-");
        Path zip = dir.resolve(attachmentName(file));
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out); InputStream in = Files.newInputStream(file)) {
            z.putNextEntry(new ZipEntry(file.getFileName().toString()));
            in.transferTo(z);
            z.closeEntry();
        } catch (IOException e) {
            Files.deleteIfExists(zip);
            Files.deleteIfExists(dir);
            throw new OutputException("the attachment of " + file + " could not be zipped: " + OutputFile.describe(e), e);
        }
        return zip;
    }

    private static void deleteZip(Path zip) throws IOException {
        Files.deleteIfExists(zip);
        Files.deleteIfExists(zip.getParent());
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            return "application/zip";
        }
        if (name.endsWith(".gz")) {
            return "application/gzip";
        }
        if (name.endsWith(".xlsx")) {
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        }
        if (name.endsWith(".csv")) {
            return "text/csv; charset=UTF-8";
        }
        return "application/octet-stream";
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}

package io.querycast.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where a job's rows go ({@code export_mode} and the {@code output:} section of its file): to Kafka (the
 * default), to a file in a directory, or to a file mailed to people. See docs/configuration.md, "Export modes".
 *
 * @param mode        kafka, filesystem or email
 * @param format      the file's format (filesystem and email)
 * @param directory   where the file is written; created when missing
 * @param fileName    the file name template: {@code {job}}, {@code {query}}, {@code {run_id}}, {@code {date:PATTERN}}
 * @param csv         CSV settings (format csv)
 * @param compression none, gzip or zip: the written file itself is compressed
 * @param overwrite   false: an existing file of the same name fails the run and is left as it is
 * @param email       the mail settings (mode email); null otherwise
 */
public record JobOutput(ExportMode mode, Format format, Path directory, String fileName, Csv csv, Compression compression,
                        boolean overwrite, Email email) {

    public static final JobOutput KAFKA = new JobOutput(ExportMode.KAFKA, null, null, null, null, null, false, null);

    public boolean toKafka() {
        return mode == ExportMode.KAFKA;
    }

    /** Job field {@code export_mode}. */
    public enum ExportMode {
        KAFKA, FILESYSTEM, EMAIL;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code output.format}. */
    public enum Format {
        CSV("csv"), XLSX("xlsx");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code output.compression}: the file is written compressed, its name ending in the compression's extension. */
    public enum Compression {
        NONE(""), GZIP(".gz"), ZIP(".zip");

        private final String extension;

        Compression(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code output.csv}.
     *
     * @param separator one character between fields
     * @param header    a first line with the column names
     * @param bom       a UTF-8 byte order mark first, so Excel reads the file as UTF-8
     */
    public record Csv(char separator, boolean header, boolean bom) {
        public static final Csv STANDARD = new Csv(',', true, false);
    }

    /**
     * {@code output.email}: who gets the file and how.
     *
     * @param recipients     the To addresses
     * @param subject        subject template (the file name placeholders, plus {@code {rows}})
     * @param body           body template (also {@code {file_name}}, {@code {file_path}}, {@code {file_size}}, {@code {attachment}})
     * @param attachZipAbove a file larger than this many bytes is attached zipped
     * @param attachMax      an attachment larger than this many bytes is not attached: the mail says where the file is
     * @param linkBaseUrl    with a file too large to attach: the URL the file name is appended to; null: the file's path
     */
    public record Email(List<String> recipients, String subject, String body, long attachZipAbove, long attachMax, String linkBaseUrl) {
        public static final String DEFAULT_SUBJECT = "Querycast export {job}: {rows} rows ({date:yyyy-MM-dd})";
        public static final String DEFAULT_BODY = "Export {job} (query {query}), run {run_id}: {rows} rows.\n\n{attachment}\n";
        public static final long DEFAULT_ZIP_ABOVE = 1024L * 1024;
        public static final long DEFAULT_MAX = 15L * 1024 * 1024;

        public Email {
            recipients = List.copyOf(recipients);
        }
    }
}

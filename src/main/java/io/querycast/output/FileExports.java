package io.querycast.output;

import io.querycast.job.ExportJob;
import io.querycast.job.JobOutput;
import io.querycast.job.OutputTemplate;
import io.querycast.query.Row;
import io.querycast.run.ExportRun;
import io.querycast.run.ExportRuns;
import io.querycast.run.RunOutput;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * The steps of the file export route (routes/templates/export-file.yaml) by bean name {@code fileExports}:
 * open the run's file before the query runs, write each chunk of rows as it is read, give the complete file
 * its name, or remove it when the run fails. Rows count as sent only once the file has its name (for a
 * mailed export: once the mail is sent), so a failed run shows them failed.
 */
public final class FileExports {

    public static final String PROPERTY_EXPORT = "querycast.fileExport";
    /** The job's export mode, for the route's choice of the mail step. */
    public static final String PROPERTY_MODE = "querycastExportMode";
    private static final Logger LOG = LoggerFactory.getLogger(FileExports.class);

    /** Creates the run's temporary file: a name that is taken or a directory that cannot be written fails the run now. */
    public void open(Exchange exchange) {
        ExportRun run = ExportRuns.runOf(exchange);
        ExportJob job = run.job();
        JobOutput output = job.output();
        String name = OutputTemplate.fileName(output.fileName()).render(values(run), runTime(run));
        OutputFile file = OutputFile.create(output.directory(), name, output.compression(), output.overwrite(), run.runId());
        exchange.setProperty(PROPERTY_EXPORT, new FileExport(file, output, job.lowercaseColumns(), job.id()));
        exchange.setProperty(PROPERTY_MODE, output.mode().toString());
        LOG.info("File export: job={} run={} writing {} ({}{})", job.id(), run.runId(), file.target(), output.format(),
                output.compression() == JobOutput.Compression.NONE ? "" : ", " + output.compression());
    }

    /** Split step: one chunk of rows into the file; counted read first, so a failure counts them failed. */
    @SuppressWarnings("unchecked")
    public void append(Exchange exchange) throws IOException {
        ExportRun run = ExportRuns.runOf(exchange);
        List<Row> rows = exchange.getIn().getBody(List.class);
        long readAfter = run.addRowsRead(rows.size());
        exchange.setProperty(ExportRuns.PROPERTY_ROWS_READ_BEFORE, readAfter - rows.size());
        exchange.setProperty(ExportRuns.PROPERTY_ROWS_READ_AFTER, readAfter);
        try {
            export(exchange).write(rows);
        } catch (IOException e) {
            throw new OutputException("output file " + export(exchange).target() + " could not be written after " + run.rowsRead()
                    + " rows read: " + OutputFile.describe(e), e);
        }
    }

    /** After the last row: the file complete on disk under its name; a filesystem export's rows now count as sent. */
    public void commit(Exchange exchange) {
        ExportRun run = ExportRuns.runOf(exchange);
        FileExport export = export(exchange);
        Path written;
        try {
            written = export.commit();
        } catch (IOException e) {
            throw new OutputException("output file " + export.target() + " could not be completed: " + OutputFile.describe(e), e);
        }
        run.output(new RunOutput(written.toString(), null));
        if (run.job().output().mode() == JobOutput.ExportMode.FILESYSTEM) {
            run.addSent(export.rows(), FileExport.size(written));
        }
        LOG.info("File export: job={} run={} wrote {} rows to {} ({} bytes)", run.jobId(), run.runId(), export.rows(), written,
                FileExport.size(written));
    }

    /** The route's doCatch, before the run is closed as failed: an unfinished file is removed. */
    public void abandon(Exchange exchange) {
        FileExport export = exchange.getProperty(PROPERTY_EXPORT, FileExport.class);
        if (export != null) {
            export.abandon();
        }
    }

    static FileExport export(Exchange exchange) {
        FileExport export = exchange.getProperty(PROPERTY_EXPORT, FileExport.class);
        if (export == null) {
            throw new IllegalStateException("no file export on exchange " + exchange.getExchangeId());
        }
        return export;
    }

    /** The values of a file name or mail template that the run knows when it starts. */
    static Map<String, String> values(ExportRun run) {
        return Map.of("job", run.jobId(), "query", queryName(run.job().queryFile()), "run_id", run.runId());
    }

    /** The query file's name without directories or extension: {@code daily/orders.sql} is {@code orders}. */
    static String queryName(String queryFile) {
        String base = Path.of(queryFile).getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    /** The time a run stands for, as its {@code {date}} parameters have it: the schedule's fire time in the job's zone. */
    static LocalDateTime runTime(ExportRun run) {
        return LocalDateTime.ofInstant(run.dueAt() != null ? run.dueAt() : run.startedAt(), run.job().timezone());
    }
}

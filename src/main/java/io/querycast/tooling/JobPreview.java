package io.querycast.tooling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.querycast.config.DatabaseConnection;
import io.querycast.job.ExportJob;
import io.querycast.job.RunParameters;
import io.querycast.message.Envelope;
import io.querycast.message.ExportMetadata;
import io.querycast.message.WrappedEnvelope;
import io.querycast.message.RecordBuilder;
import io.querycast.message.ValueSchema;
import io.querycast.query.ColumnReader;
import io.querycast.query.QueryFile;
import io.querycast.query.QueryLibrary;
import io.querycast.query.ResultColumns;
import io.querycast.query.Row;
import io.querycast.query.RowReader;
import io.querycast.run.ExportRuns;
import io.querycast.run.RunIdGenerator;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A dry run of a job ({@code describe JOB}, {@code GET /api/jobs/{id}/preview}): its query runs on its
 * database with its parameters, at most {@code rows} rows are read, and each becomes the Kafka record the
 * job would send (key, headers, JSON value) through the export's own row reader and record builder, plus
 * the JSON Schema of the value from the result's column types. Nothing is sent and nothing is recorded.
 * <p>
 * The row limit is {@link java.sql.Statement#setMaxRows}, not SQL rewritten per dialect: the job's SQL runs
 * as written, so the preview cannot fail where the job works (SQL Server refuses an ORDER BY inside the
 * derived table a {@code TOP} wrapper needs, and unnamed or duplicate columns in one; Oracle's ROWNUM
 * wrapper changes nothing the driver's limit does not). PostgreSQL sends the limit with the execute
 * message and the server stops there (autocommit is off, so it runs as a portal), SQL Server's driver sets
 * {@code ROWCOUNT}, H2 applies it in its query engine; Oracle's driver fetches only that many rows, and its
 * server produces rows as they are fetched, except where the query must sort or group its whole result first
 * (which a ROWNUM or FETCH FIRST wrapper would have to do too).
 */
public final class JobPreview {

    /** The most rows a preview reads. */
    public static final int MAX_ROWS = 100;

    /**
     * One row as the job would send it.
     *
     * @param value          the record value as sent: UTF-8 JSON (for a dead letter, what the dead-letter topic would get)
     * @param deadLetter     why the job would send this row to its dead-letter topic instead, or null
     */
    public record Record(int row, String key, Map<String, String> headers, String value, String deadLetter) {
    }

    /**
     * @param more     the result has more rows than were read
     * @param warnings what the preview could not show exactly (e.g. duplicate column names)
     */
    public record Result(ExportJob job, Map<String, String> parameters, int limit, List<Record> records, boolean more,
                         ObjectNode schema, List<String> warnings) {
    }

    private final QueryLibrary queries;
    private final Clock clock;

    public JobPreview(QueryLibrary queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * @param overrides parameter values replacing the job's, as a run request's would
     * @throws IllegalArgumentException a parameter without value, a key column the result does not have
     * @throws SQLException             the database refused the query or did not answer
     */
    public Result preview(ExportJob job, DatabaseConnection db, DataSource dataSource, int rows, Map<String, String> overrides)
            throws SQLException {
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("rows must be between 1 and " + MAX_ROWS + " (got " + rows + ")");
        }
        QueryFile query = queries.load(job.queryFile());
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), job.timezone());
        RunParameters parameters = RunParameters.resolve(job, query, overrides, now.toLocalDate());
        ExportMetadata metadata = ExportRuns.metadataFor(job, RunIdGenerator.baseId(job.queryFile(), now), now);

        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement ps = connection.prepareStatement(query.jdbcSql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                // one more than shown, to tell whether the result goes on
                ps.setMaxRows(rows + 1);
                ps.setFetchSize(Math.min(rows + 1, db.fetchSize()));
                if (db.queryTimeout().toSeconds() > 0) {
                    ps.setQueryTimeout((int) db.queryTimeout().toSeconds());
                }
                // bound exactly as camel-sql binds the export's parameters
                new ArgumentPreparedStatementSetter(parameters.bindValues().toArray()).setValues(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return read(job, parameters, metadata, rows, rs, db.type());
                }
            } finally {
                // nothing was written; end the read-only transaction before the connection goes back
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
            }
        }
    }

    private Result read(ExportJob job, RunParameters parameters, ExportMetadata metadata, int limit, ResultSet rs,
                        io.querycast.config.DatabaseType database) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        ResultColumns columns = ResultColumns.of(md);
        WrappedEnvelope envelope = job.shape().envelope() == Envelope.WRAPPED ? new WrappedEnvelope(metadata, clock.instant(), clock) : null;
        RecordBuilder builder = new RecordBuilder(columns, job.keyColumns(), job.shape().keySeparator(), job.lowercaseColumns(),
                job.jsonColumns(), job.includeMetadata() ? metadata : null, envelope, "job " + job.id() + " (" + job.file() + ")");
        // in the order the records carry them: the record path writes the run's metadata headers as ExportMetadata lists them
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (job.includeMetadata()) {
            headers.putAll(metadata.headers());
        }
        RowReader reader = new RowReader();
        List<Record> records = new ArrayList<>();
        boolean more = false;
        while (rs.next()) {
            if (records.size() == limit) {
                more = true;
                break;
            }
            Row row = reader.mapRow(rs, records.size());
            RecordBuilder.Built built = builder.build(row);
            records.add(new Record(records.size() + 1, built.key(), headers, new String(built.value(), StandardCharsets.UTF_8), built.problem()));
        }
        List<String> warnings = new ArrayList<>();
        return new Result(job, parameters.values(), limit, records, more, schema(job, md, database, warnings), warnings);
    }

    /** The value's JSON Schema from the result's column types, with the names as the value writes them. */
    static ObjectNode schema(ExportJob job, ResultSetMetaData md, io.querycast.config.DatabaseType database, List<String> warnings)
            throws SQLException {
        ResultColumns columns = ResultColumns.of(md);
        ResultColumns named = job.lowercaseColumns() ? columns.lowerCased() : columns;
        ColumnReader[] readers = RowReader.readersFor(md, database);
        List<ValueSchema.Column> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < readers.length; i++) {
            String name = named.names().get(i);
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                warnings.add("column name " + name + " appears more than once in the result: each record's JSON would hold it twice"
                        + " (most consumers keep only the last); give the columns distinct aliases");
            }
            out.add(new ValueSchema.Column(name, readers[i].kind(), md.getColumnTypeName(i + 1),
                    md.isNullable(i + 1) != ResultSetMetaData.columnNoNulls));
        }
        String title = job.id() + " record value (topic " + job.topic() + ")";
        return job.shape().envelope() == Envelope.WRAPPED
                ? WrappedEnvelope.schema(ValueSchema.of(title, out, false, job.jsonColumns()))
                : ValueSchema.of(title, out, job.includeMetadata(), job.jsonColumns());
    }
}

package io.querycast.api;

import io.querycast.api.ApiJson.Reply;
import io.querycast.config.Connections;
import io.querycast.config.DatabaseConnection;
import io.querycast.job.ExportJob;
import io.querycast.job.JobCatalog;
import io.querycast.query.DatabasePools;
import io.querycast.tooling.JobPreview;
import io.querycast.tooling.PreviewJson;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code GET /api/jobs/{id}/preview?rows=5} (operator): the job's query runs on its database for at most
 * {@code rows} rows (1-100, default 5) and the answer holds the Kafka records the job would send and the JSON
 * Schema of their value; nothing is sent or recorded. Operator only, although a GET: it costs a query on the
 * source database and shows row values, which a viewer sees nowhere else.
 */
public final class JobPreviewApi {

    private static final Logger LOG = LoggerFactory.getLogger(JobPreviewApi.class);
    static final int DEFAULT_ROWS = 5;

    private final ApiJson api;
    private final JobCatalog jobs;
    private final Connections connections;
    private final DatabasePools pools;
    private final JobPreview preview;

    public JobPreviewApi(ApiJson api, JobCatalog jobs, Connections connections, DatabasePools pools, JobPreview preview) {
        this.api = api;
        this.jobs = jobs;
        this.connections = connections;
        this.pools = pools;
        this.preview = preview;
    }

    public void preview(Exchange exchange) {
        api.respond(exchange, e -> {
            String id = ApiJson.header(e, "id");
            ExportJob job = jobs.find(id == null ? "" : id).orElseThrow(() -> ApiException.notFound("unknown job '" + id + "'"));
            int rows = rows(e);
            DatabaseConnection db = connections.database(job.dbConnection()).orElseThrow();
            JobPreview.Result result;
            try {
                result = preview.preview(job, db, pools.pool(db.name()), rows, Map.of());
            } catch (SQLException ex) {
                throw new ApiException(502, "database " + db.name() + ": " + ex.getMessage());
            } catch (IllegalArgumentException ex) {
                // what the job's own runs would fail on: a parameter without value, a key column the result lacks
                throw new ApiException(409, ex.getMessage());
            }
            LOG.info("API: preview of job {} ({} of at most {} rows) by {}", job.id(), result.records().size(), rows, ApiCaller.name(e));
            return Reply.ok(PreviewJson.of(result));
        });
    }

    private static int rows(Exchange e) {
        String raw = e.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String key = URLDecoder.decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair, StandardCharsets.UTF_8);
                if (!key.equals("rows")) {
                    throw ApiException.badRequest("unknown query parameter '" + key + "'; this endpoint takes rows (1-" + JobPreview.MAX_ROWS + ")");
                }
            }
        }
        String value = ApiJson.query(e, "rows");
        if (value == null) {
            return DEFAULT_ROWS;
        }
        int rows;
        try {
            rows = Integer.parseInt(value.trim());
        } catch (NumberFormatException ex) {
            throw ApiException.badRequest("rows must be a whole number from 1 to " + JobPreview.MAX_ROWS + ", got '" + value + "'");
        }
        if (rows < 1 || rows > JobPreview.MAX_ROWS) {
            throw ApiException.badRequest("rows must be from 1 to " + JobPreview.MAX_ROWS + ", got " + rows);
        }
        return rows;
    }
}

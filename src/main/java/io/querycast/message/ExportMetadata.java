package io.querycast.message;

/**
 * The facts every message of one run shares, written as the {@code _metadata} block and as Kafka headers.
 *
 * @param exportTimestamp ISO-8601 local date-time of the run's start, e.g. 2026-01-18T08:00:15.123456
 * @param exportId        the run id: the same for every message of a run, unique per run
 */
public record ExportMetadata(String jobId, String sourceQuery, String sourceConnection, String exportTimestamp, String exportId) {

    public static final String HEADER_SOURCE_QUERY = "source_query";
    public static final String HEADER_SOURCE_CONNECTION = "source_connection";
    public static final String HEADER_EXPORT_TIMESTAMP = "export_timestamp";
    public static final String HEADER_EXPORT_ID = "export_id";
    public static final String HEADER_JOB_ID = "job_id";

    /** The Kafka headers every record of the run carries, in the order they are written. */
    public java.util.Map<String, String> headers() {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put(HEADER_JOB_ID, jobId);
        h.put(HEADER_SOURCE_QUERY, sourceQuery);
        h.put(HEADER_SOURCE_CONNECTION, sourceConnection);
        h.put(HEADER_EXPORT_TIMESTAMP, exportTimestamp);
        h.put(HEADER_EXPORT_ID, exportId);
        return h;
    }
}

package io.querycast.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * The bodies of {@code /api/jobs/{id}/watermark} (routes/watermarks.yaml) as WatermarkApi and feed.Watermarks#view
 * write and read them, for the REST DSL's {@code type} and {@code outType}.
 */
public final class WatermarkSchemas {

    private WatermarkSchemas() {
    }

    /** {@code PUT /api/jobs/{id}/watermark}: both null or absent resets to the start. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WatermarkSet(Long lastId, String lastTimestamp) {
    }

    /** {@code POST .../watermark/rewind}: back to a value, or to a time ({@code to_time}, an instant with its offset). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WatermarkRewind(Long lastId, String lastTimestamp, String toTime) {
    }

    /**
     * Every answer of the watermark endpoints: the job's feed ({@code error} only when its state could not be read,
     * {@code refused} only while it needs confirmation, {@code watermark} once one is stored), the query's hashes and
     * the last 20 changes.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WatermarkView(String job, String mode, String incrementingColumn, String timestampColumn, String bound, Long safetyLagS,
                                Long overlapS, Long overlapIds, String state, String error, String refused, WatermarkPosition watermark,
                                PollBound pollBound, SqlHash sqlHash, List<WatermarkChangeView> changes) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WatermarkPosition(Long lastId, String lastTimestamp, Instant updatedAt, String updatedBy) {
    }

    /** The feed's last poll: how far its upper bound is behind now, and how it was found. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PollBound(Double lagSeconds, String method, Instant lastPollAt, String lastError) {
    }

    /** The hash of the query (and feed columns) now and the one stored with the watermark. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SqlHash(String current, String stored) {
    }

    /** One audited change, old and new positions as text ("null" when unset). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WatermarkChangeView(String action, String by, Instant at, PositionText old, @JsonProperty("new") PositionText newPosition) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PositionText(String lastId, String lastTimestamp) {
    }
}

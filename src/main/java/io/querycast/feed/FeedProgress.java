package io.querycast.feed;

import io.querycast.job.ExportJob;
import io.querycast.query.ResultColumns;
import io.querycast.query.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One incremental run's progress: for each batch (by its place in the query's order) the position of its last
 * row and whether every record of it is settled (acknowledged or dead-lettered). The watermark may move to the
 * last row of the longest run of settled batches from the first one: every row up to it was delivered, whatever
 * order the batches in flight finished in.
 */
final class FeedProgress {

    static final class Batch {
        final Position last;
        final List<Map.Entry<Position, String>> versions;
        volatile boolean settled;

        Batch(Position last, List<Map.Entry<Position, String>> versions) {
            this.last = last;
            this.versions = versions;
        }
    }

    final ExportJob job;
    final Watermark from;
    /** the lowest position the poll read (below the watermark by the overlap, else the watermark) */
    final Position readFrom;
    final boolean suppressDuplicates;
    final FeedMemory memory;
    final Ceiling ceiling;
    final AtomicLong suppressed = new AtomicLong();
    private final ConcurrentSkipListMap<Integer, Batch> batches = new ConcurrentSkipListMap<>();
    private volatile int[] columns;

    FeedProgress(ExportJob job, Watermark from, Position readFrom, boolean suppressDuplicates, FeedMemory memory, Ceiling ceiling) {
        this.job = job;
        this.from = from;
        this.readFrom = readFrom;
        this.suppressDuplicates = suppressDuplicates;
        this.memory = memory;
        this.ceiling = ceiling;
    }

    /** The result's indexes of the timestamp, incrementing and key columns (-1: not used / not there). */
    int[] columns(ResultColumns result) {
        int[] c = columns;
        if (c == null) {
            ExportJob.Feed feed = job.feed();
            c = new int[] {
                    feed.usesTimestamp() ? require(result, "timestamp_column", feed.timestampColumn()) : -1,
                    feed.usesId() ? require(result, "incrementing_column", feed.incrementingColumn()) : -1,
                    result.indexOf(job.keyColumn()).orElse(-1)};
            columns = c;
        }
        return c;
    }

    private int require(ResultColumns result, String field, String column) {
        return result.indexOf(column).orElseThrow(() -> new IllegalArgumentException(job.file() + ": " + field + ": '" + column
                + "' is not a column of the result of " + job.queryFile() + " (its columns: " + result.names() + ")"));
    }

    Position positionOf(Row row, int[] c) {
        Object ts = c[0] < 0 ? null : Position.timestampOf(row.value(c[0]), job.feed().timestampColumn());
        Long id = c[1] < 0 ? null : Position.idOf(row.value(c[1]), job.feed().incrementingColumn());
        return new Position(ts, id);
    }

    void batch(int index, Position last, List<Map.Entry<Position, String>> versions, boolean settled) {
        Batch b = new Batch(last, versions);
        b.settled = settled;
        batches.put(index, b);
    }

    void settled(int index) {
        Batch b = batches.get(index);
        if (b != null) {
            b.settled = true;
            if (suppressDuplicates) {
                b.versions.forEach(v -> memory.delivered(v.getKey(), v.getValue()));
            }
        }
    }

    /** The last row of the settled prefix, or null when the first batch is not settled (or there was none). */
    Position settledUpTo() {
        Position last = null;
        for (int i = 0; ; i++) {
            Batch b = batches.get(i);
            if (b == null || !b.settled) {
                return last;
            }
            last = b.last;
        }
    }

    int batchesRead() {
        return batches.size();
    }

    static List<Map.Entry<Position, String>> newVersions() {
        return new ArrayList<>();
    }
}

package io.querycast.feed;

import io.querycast.job.ExportJob;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a watermark is only valid for: the query's SQL text and the feed's mode and columns. Whitespace at the
 * ends does not count; anything else does (a changed WHERE may make rows below the watermark new to the feed).
 */
public final class QueryHash {

    private QueryHash() {
    }

    public static String of(String querySql, ExportJob.Feed feed) {
        String text = querySql.strip() + "\n--mode=" + feed.mode() + " inc=" + feed.incrementingColumn() + " ts=" + feed.timestampColumn();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

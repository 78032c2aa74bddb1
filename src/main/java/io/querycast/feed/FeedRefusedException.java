package io.querycast.feed;

/** A feed that must not run as it stands (its query changed since the watermark was stored). */
public final class FeedRefusedException extends RuntimeException {
    public FeedRefusedException(String message) {
        super(message);
    }
}

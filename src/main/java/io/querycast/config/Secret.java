package io.querycast.config;

/** A password or key that must never reach a log, a response or an error message. */
public final class Secret {

    private static final Secret NONE = new Secret(null);
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? NONE : new Secret(value);
    }

    public static Secret none() {
        return NONE;
    }

    public boolean isPresent() {
        return value != null;
    }

    /** The clear value, for handing to a driver or client only. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return value == null ? "" : "******";
    }
}

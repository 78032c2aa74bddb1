package io.querycast.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the mistakes of several fields and files, so that one pass reports all of them instead of
 * stopping at the first: a reader checks each field through {@link #collect}, which keeps the error and
 * hands back a fallback to go on with.
 */
public final class ConfigErrors {

    private final List<ConfigError> errors = new ArrayList<>();

    /** @return what {@code read} returned, or {@code fallback} when it failed with a configuration mistake (kept) */
    public <T> T collect(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (ConfigException e) {
            errors.addAll(e.errors());
            return fallback;
        }
    }

    /** @return true when {@code check} found nothing wrong */
    public boolean check(Runnable check) {
        try {
            check.run();
            return true;
        } catch (ConfigException e) {
            errors.addAll(e.errors());
            return false;
        }
    }

    public void add(ConfigError error) {
        errors.add(error);
    }

    public void addAll(ConfigException e) {
        errors.addAll(e.errors());
    }

    /** These errors by line, those without a line last: the order an integrator reads a file in. */
    public List<ConfigError> byLine() {
        return errors.stream().sorted(java.util.Comparator.comparingInt(e -> e.line() > 0 ? e.line() : Integer.MAX_VALUE)).toList();
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public int size() {
        return errors.size();
    }

    public List<ConfigError> all() {
        return List.copyOf(errors);
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}

package io.querycast.query;

import io.querycast.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The query files under the queries directory. Names resolve inside that directory only: absolute
 * paths and {@code ..} are refused, so a job or API caller can never read another file of the server.
 */
public final class QueryLibrary {

    private final Path directory;
    private final QueryFileParser parser = new QueryFileParser();
    /** Last good versions kept in force while the file on disk is broken for a job that uses it (live reload). */
    private final java.util.Map<String, QueryFile> held = new java.util.concurrent.ConcurrentHashMap<>();

    public QueryLibrary(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** Reads and parses a query file; the file is read again at every run so edits apply without a restart. */
    public QueryFile load(String name) {
        QueryFile kept = name == null ? null : held.get(name);
        if (kept != null) {
            return kept;
        }
        Path file = resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("query file '" + name + "' not found in " + directory);
        }
        try {
            return parser.parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("query file '" + name + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /** The names of the query files of the directory ({@code *.sql}), sorted. */
    public java.util.List<String> names() {
        if (!Files.isDirectory(directory)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.toLowerCase(java.util.Locale.ROOT).endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("cannot list query files in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keeps {@code good} in force for {@code name} until {@link #release}: the file on disk changed in a way a job
     * using it cannot run with, and the job's previous good version keeps running (docs/configuration.md#live-reload).
     */
    public void hold(String name, QueryFile good) {
        held.put(name, good);
    }

    /** The file on disk is in force again for {@code name}. */
    public void release(String name) {
        held.remove(name);
    }

    /** Whether a last good version is in force instead of the file on disk. */
    public boolean held(String name) {
        return held.containsKey(name);
    }

    Path resolve(String name) {
        if (name == null || name.isBlank()) {
            throw new ConfigException("query file name is empty");
        }
        Path candidate = Path.of(name);
        if (candidate.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
            throw new ConfigException("query file '" + name + "' must be a name inside " + directory + ", not an absolute path");
        }
        Path resolved = directory.resolve(candidate).normalize();
        if (!resolved.startsWith(directory) || name.contains("..")) {
            throw new ConfigException("query file '" + name + "' points outside " + directory);
        }
        return resolved;
    }
}

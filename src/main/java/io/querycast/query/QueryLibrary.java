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

    public QueryLibrary(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** Reads and parses a query file; the file is read again at every run so edits apply without a restart. */
    public QueryFile load(String name) {
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

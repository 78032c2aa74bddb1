package io.querycast.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The per-job record steps a job may name in {@code steps:}: the ids of the Camel route templates declared in
 * the YAML files of {@code routes/steps/} (docs/configuration.md#record-steps). Read from the files, not from
 * the Camel context, so a job naming an unknown step is reported with the job file's line before anything
 * starts, by {@code validate} too.
 */
public final class StepCatalog {

    /** Where the step templates are, relative to the working directory (under the routes Camel loads). */
    public static final Path DIRECTORY = Path.of("routes", "steps");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path directory;
    private final Set<String> names;

    private StepCatalog(Path directory, Set<String> names) {
        this.directory = directory;
        this.names = names;
    }

    public static StepCatalog standard() {
        return in(DIRECTORY);
    }

    /** The route template ids of every {@code *.yaml} file in {@code directory}; none when it does not exist. */
    public static StepCatalog in(Path directory) {
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(p -> p.getFileName().toString().matches("(?i).+\\.ya?ml")).sorted().toList()) {
                    JsonNode root = YAML.readTree(file.toFile());
                    if (root != null && root.isArray()) {
                        for (JsonNode entry : root) {
                            JsonNode id = entry.path("routeTemplate").path("id");
                            if (id.isTextual()) {
                                names.add(id.asText());
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the Camel context reads the same files and reports what is wrong with them at start
                return new StepCatalog(directory, Set.copyOf(names));
            }
        }
        return new StepCatalog(directory, Set.copyOf(names));
    }

    public boolean has(String name) {
        return names.contains(name);
    }

    public Set<String> names() {
        return new TreeSet<>(names);
    }

    public Path directory() {
        return directory;
    }
}

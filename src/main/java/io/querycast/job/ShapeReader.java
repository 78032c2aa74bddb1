package io.querycast.job;

import io.querycast.config.ConfigErrors;
import io.querycast.config.ConfigNode;
import io.querycast.message.Envelope;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads a job file's record shape fields: {@code key_columns}, {@code key_separator}, {@code envelope}, {@code steps}. */
final class ShapeReader {

    static final Set<String> FIELDS = Set.of("key_columns", "key_separator", "envelope", "steps");

    private ShapeReader() {
    }

    static ExportJob.Shape read(ConfigNode n, StepCatalog catalog, ConfigErrors e) {
        List<String> keyColumns = e.collect(() -> n.stringList("key_columns"), List.of());
        if (!keyColumns.isEmpty() && n.has("key_column")) {
            e.addAll(n.error("key_columns", "cannot be used together with key_column",
                    "keep key_columns: [" + String.join(", ", keyColumns) + "] or key_column, not both"));
        }
        if (n.has("key_columns") && keyColumns.isEmpty()) {
            e.addAll(n.error("key_columns", "is empty: name at least one column"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            if (!seen.add(keyColumns.get(i).toUpperCase(java.util.Locale.ROOT))) {
                e.addAll(n.error("key_columns[" + i + "]", "'" + keyColumns.get(i) + "' is named twice"));
            }
        }
        String separator = e.collect(() -> n.string("key_separator").orElse(ExportJob.Shape.DEFAULT_KEY_SEPARATOR),
                ExportJob.Shape.DEFAULT_KEY_SEPARATOR);
        if (n.has("key_separator") && e.collect(() -> n.string("key_separator").isEmpty(), false)) {
            e.addAll(n.error("key_separator", "must not be blank: with no separator 'a'+'bc' and 'ab'+'c' would give the same key"));
        }
        Envelope envelope = e.collect(() -> n.enumValue("envelope", Envelope.class, Envelope.FLAT), Envelope.FLAT);
        List<String> steps = e.collect(() -> n.stringList("steps"), List.of());
        for (int i = 0; i < steps.size(); i++) {
            if (!catalog.has(steps.get(i))) {
                e.addAll(n.error("steps[" + i + "]", "unknown step '" + steps.get(i) + "' (route templates in "
                                + catalog.directory() + ": " + catalog.names() + ")",
                        "declare a routeTemplate with id '" + steps.get(i) + "' in a YAML file of " + catalog.directory()
                                + " or use one of the names listed"));
            }
        }
        return new ExportJob.Shape(keyColumns, separator, envelope, steps);
    }
}

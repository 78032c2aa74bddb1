package io.querycast.query;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The columns of one query result, read once from the result set metadata. */
public record ResultColumns(List<String> names, List<String> typeNames) {

    public int size() {
        return names.size();
    }

    /** Finds a column by name, ignoring case (databases differ in how they fold unquoted names). */
    public Optional<Integer> indexOf(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    public ResultColumns lowerCased() {
        return new ResultColumns(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList(), typeNames);
    }
}

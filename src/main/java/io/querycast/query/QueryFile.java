package io.querycast.query;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed query file: declared parameters and the SQL rewritten for JDBC, with every {@code &NAME},
 * {@code '&NAME'} or {@code :name} replaced by a {@code ?} bound in {@link #bindOrder()} order. Values are
 * never spliced into the SQL text.
 */
public record QueryFile(String name, Map<String, QueryParameter> parameters, String jdbcSql, List<String> bindOrder) {

    public Optional<QueryParameter> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }
}

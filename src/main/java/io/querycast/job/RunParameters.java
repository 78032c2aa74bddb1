package io.querycast.job;

import io.querycast.query.QueryFile;
import io.querycast.query.QueryParameter;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter values of one run: run-request overrides, else the job's values, else the query file's
 * default for optional parameters; date expressions resolved against the run's date.
 */
public record RunParameters(Map<String, String> values, List<Object> bindValues) {

    public static RunParameters resolve(ExportJob job, QueryFile query, Map<String, String> overrides, LocalDate today) {
        Map<String, String> values = new LinkedHashMap<>();
        for (QueryParameter p : query.parameters().values()) {
            String raw = overrides.containsKey(p.name()) ? overrides.get(p.name()) : job.parameters().get(p.name());
            if (raw == null || (raw.isBlank() && p.required())) {
                if (p.required()) {
                    throw new IllegalArgumentException("parameter " + p.name() + " of " + query.name()
                            + " is required and has no value (job " + job.id() + ")");
                }
                raw = p.defaultValue();
            }
            values.put(p.name(), DynamicValues.resolve(raw, today));
        }
        List<Object> bind = new ArrayList<>(query.bindOrder().size());
        for (String name : query.bindOrder()) {
            bind.add(values.get(name));
        }
        return new RunParameters(values, bind);
    }
}

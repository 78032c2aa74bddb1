package io.querycast.job;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The export jobs loaded at start, by id. */
public final class JobCatalog {

    private final Map<String, ExportJob> jobs = new LinkedHashMap<>();

    public JobCatalog(List<ExportJob> jobs) {
        jobs.forEach(j -> this.jobs.put(j.id(), j));
    }

    public Optional<ExportJob> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public ExportJob require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown export job '" + id + "'"));
    }

    public Collection<ExportJob> all() {
        return jobs.values();
    }
}

package io.querycast.job;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The export jobs in force, by id: those read at start, then as live reload ({@link JobReloader}) swaps them.
 * Readers get a consistent snapshot (copy on write): a change is rare, reads are at every fire and request.
 */
public final class JobCatalog {

    private volatile Map<String, ExportJob> jobs;

    public JobCatalog(List<ExportJob> jobs) {
        Map<String, ExportJob> byId = new LinkedHashMap<>();
        jobs.forEach(j -> byId.put(j.id(), j));
        this.jobs = java.util.Collections.unmodifiableMap(byId);
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

    /** Adds the job, or replaces the one with its id (keeping its place in the order). */
    synchronized void put(ExportJob job) {
        Map<String, ExportJob> next = new LinkedHashMap<>(jobs);
        next.put(job.id(), job);
        jobs = java.util.Collections.unmodifiableMap(next);
    }

    synchronized void remove(String id) {
        Map<String, ExportJob> next = new LinkedHashMap<>(jobs);
        next.remove(id);
        jobs = java.util.Collections.unmodifiableMap(next);
    }
}

package io.querycast.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps the most recent runs of this process in memory (bounded); lost on restart. */
public final class InMemoryRunHistory implements RunHistory {

    private final int capacity;
    private final Map<String, ExportRun> runs;

    public InMemoryRunHistory(int capacity) {
        this.capacity = capacity;
        this.runs = new LinkedHashMap<>();
    }

    @Override
    public synchronized void started(ExportRun run) {
        runs.put(run.runId(), run);
        while (runs.size() > capacity) {
            String oldest = runs.keySet().iterator().next();
            runs.remove(oldest);
        }
    }

    @Override
    public void finished(ExportRun run) {
        // the run object is live: nothing more to store in memory
    }

    @Override
    public synchronized Optional<RunRecord> find(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(ExportRun::snapshot);
    }

    @Override
    public synchronized List<RunRecord> recent(String jobId, int limit) {
        List<RunRecord> out = new ArrayList<>();
        for (ExportRun r : runs.values()) {
            if (jobId == null || r.jobId().equals(jobId)) {
                out.add(r.snapshot());
            }
        }
        out.sort(Comparator.comparing(RunRecord::startedAt).reversed());
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    @Override
    public synchronized boolean exists(String runId) {
        return runs.containsKey(runId);
    }
}

package io.querycast.feed;

/**
 * The value of a job's record in the state topic ({@link StateTopic}), committed in the run's transaction with its
 * records: the watermark after the run, the hash of the query it belongs to, the run, and the state store revision
 * the watermark has once the store is updated after the commit (the store's copy is a view; see {@link CommittedWatermarks}).
 */
record StateRecord(Position position, String sqlHash, String runId, long revision) {
}

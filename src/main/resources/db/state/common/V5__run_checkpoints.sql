-- Crash-true counts and several instances (issue 15): a running run's counts are written again at every
-- checkpoint, with its time (the time a killed run is recorded to have stopped at); due_at is the fire time
-- of the schedule a run stands for (the missed fire's for a catch-up), so a fire can be checked to have run
-- once across instances. Nullable: rows of earlier releases have neither.
ALTER TABLE querycast_runs ADD COLUMN checkpointed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE querycast_runs ADD COLUMN due_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX querycast_runs_instance ON querycast_runs (instance_id, status);
-- Run ids are issued when a run is requested, by the instance that was asked, and the run may start on another
-- one: an id is reserved here first, so two instances never issue the same id in the same second.
CREATE TABLE querycast_run_ids (
    export_id   VARCHAR(300) NOT NULL PRIMARY KEY,
    instance_id VARCHAR(200) NOT NULL,
    reserved_at TIMESTAMP WITH TIME ZONE NOT NULL
);

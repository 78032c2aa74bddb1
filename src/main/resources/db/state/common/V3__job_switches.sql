-- Schema step 3 of the releases before Flyway: operators' enable/disable decisions, so a restart does not undo them.
CREATE TABLE querycast_job_switches (
    job_id           VARCHAR(100)  NOT NULL PRIMARY KEY,
    enabled          BOOLEAN       NOT NULL,
    file_enabled     BOOLEAN       NOT NULL,
    changed_by       VARCHAR(100)  NOT NULL,
    changed_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

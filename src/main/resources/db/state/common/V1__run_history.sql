-- Schema step 1 of the releases before Flyway (HistorySchema): the run history, one row per run.
-- A migration that shipped is never edited: a change is a new version.
CREATE TABLE querycast_runs (
    export_id        VARCHAR(300)  NOT NULL PRIMARY KEY,
    job_id           VARCHAR(100)  NOT NULL,
    instance_id      VARCHAR(200)  NOT NULL,
    query_file       VARCHAR(300)  NOT NULL,
    db_connection    VARCHAR(64)   NOT NULL,
    kafka_connection VARCHAR(64)   NOT NULL,
    topic            VARCHAR(249)  NOT NULL,
    export_mode      VARCHAR(20)   NOT NULL,
    trigger_type     VARCHAR(20)   NOT NULL,
    parameters       VARCHAR(8000) NOT NULL,
    status           VARCHAR(20)   NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE,
    rows_read        BIGINT        NOT NULL,
    sent             BIGINT        NOT NULL,
    failed           BIGINT        NOT NULL,
    dead_lettered    BIGINT        NOT NULL,
    bytes            BIGINT        NOT NULL,
    duration_ms      BIGINT,
    kafka_ms         BIGINT        NOT NULL,
    error_text       VARCHAR(4000)
);
CREATE INDEX querycast_runs_job_started ON querycast_runs (job_id, started_at);
CREATE INDEX querycast_runs_status ON querycast_runs (status);

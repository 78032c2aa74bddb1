-- The version table of the releases before Flyway (0.1.x, HistorySchema), kept and filled for a store Flyway
-- created: such a release reads it at its start and, seeing steps 1-3 applied, runs on this store. That is
-- what makes a rollback to it possible without restoring a backup (docs/deployment.md#rollback); the later
-- migrations only add tables and nullable columns it does not know about.
CREATE TABLE IF NOT EXISTS querycast_schema_version (
    version    INT NOT NULL PRIMARY KEY,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO querycast_schema_version (version, applied_at)
    SELECT 1, CURRENT_TIMESTAMP WHERE NOT EXISTS (SELECT 1 FROM querycast_schema_version WHERE version = 1);
INSERT INTO querycast_schema_version (version, applied_at)
    SELECT 2, CURRENT_TIMESTAMP WHERE NOT EXISTS (SELECT 1 FROM querycast_schema_version WHERE version = 2);
INSERT INTO querycast_schema_version (version, applied_at)
    SELECT 3, CURRENT_TIMESTAMP WHERE NOT EXISTS (SELECT 1 FROM querycast_schema_version WHERE version = 3);

-- Export modes (issue 16): a run's export_mode is kafka, filesystem or email; the runs before this release all
-- went to Kafka (recorded as 'full'). A file export records the file it wrote and, mailed, the mail's Message-ID.
UPDATE querycast_runs SET export_mode = 'kafka' WHERE export_mode = 'full';
ALTER TABLE querycast_runs ADD COLUMN output_file VARCHAR(1000);
ALTER TABLE querycast_runs ADD COLUMN output_message_id VARCHAR(300);
CREATE INDEX querycast_runs_mode ON querycast_runs (export_mode, started_at);

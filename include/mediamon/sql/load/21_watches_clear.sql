-- The watches table mirrors watches.yaml as the most recently started run read it: this run's definitions
-- replace the old ones unless a run that started later is loaded already (re-loading an older day must not
-- bring back its definitions). Parameters: $started_at.
DELETE FROM watches
WHERE NOT EXISTS (SELECT 1 FROM runs WHERE started_at > $started_at::TIMESTAMPTZ)

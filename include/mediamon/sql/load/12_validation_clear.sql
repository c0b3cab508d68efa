-- A retried load of the same run replaces its own validation rows. Parameters: $run_id.
DELETE FROM validation_results WHERE run_id = $run_id

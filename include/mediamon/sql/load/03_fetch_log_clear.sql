-- A retried load of the same run replaces its own fetch_log rows. Parameters: $run_id.
DELETE FROM fetch_log WHERE run_id = $run_id

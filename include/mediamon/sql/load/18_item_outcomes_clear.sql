-- A re-loaded run replaces its item outcomes. Parameters: $run_id.
DELETE FROM item_outcomes WHERE run_id = $run_id

-- key_day_counts_rebuild: recount key_day_counts from every stored article and tag (the table the
-- load keeps; for a warehouse whose tables were written by other means), with the key_day_counts_on
-- macro (macros/key_day_counts.sql). One transaction; no parameters.
DELETE FROM key_day_counts;
INSERT INTO key_day_counts BY NAME
SELECT * FROM key_day_counts_on(NULL)  -- every day
ORDER BY day, kind, key;

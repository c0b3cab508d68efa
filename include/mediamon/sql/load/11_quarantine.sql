-- Rejected records with their reasons and feed item; one row per (run_date, stage, record).
-- Parameters: $dir, $run_id.
INSERT INTO quarantine BY NAME
SELECT stage, record_key, reasons::JSON AS reasons, payload::JSON AS payload, run_date::DATE AS run_date,
       $run_id AS run_id, now() AS quarantined_at, item_id
FROM read_parquet($dir || '/quarantine.parquet', union_by_name = true)
ON CONFLICT (run_date, stage, record_key) DO UPDATE SET
    reasons = excluded.reasons, payload = excluded.payload, run_id = excluded.run_id,
    quarantined_at = excluded.quarantined_at, item_id = excluded.item_id

-- Quarantined records, newest first. Parameters: $run_date (DATE or NULL for all), $stage (or NULL).
SELECT run_date, stage, record_key, reasons, payload
FROM quarantine
WHERE ($run_date IS NULL OR run_date = $run_date::DATE) AND ($stage IS NULL OR stage = $stage)
ORDER BY run_date DESC, stage, record_key

-- Canonical URLs a run must not download again: stored articles, and pages that failed for good.
-- Parameters: $permanent (list of reason codes whose failures are not retried).
SELECT url FROM articles
UNION
SELECT url FROM fetch_log
WHERE kind = 'page' AND error IS NOT NULL AND split_part(error, ':', 1) IN (SELECT unnest($permanent::VARCHAR[]))
UNION
SELECT record_key FROM quarantine
WHERE stage IN ('extract', 'articles')

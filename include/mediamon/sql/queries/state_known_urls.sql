-- Item URLs a run must not download again: stored articles, items whose last outcome was final
-- (loaded, not an article, refused by robots, quarantined at extract or articles), and pages that
-- failed for good. Parameters: $permanent (list of reason codes whose failures are not retried).
SELECT url FROM articles
UNION
SELECT url FROM item_outcomes
WHERE outcome IN ('loaded', 'not-article', 'refused-by-robots')
   OR (outcome = 'quarantined' AND stage IN ('extract', 'articles'))
UNION
SELECT url FROM fetch_log
WHERE kind = 'page' AND error IS NOT NULL AND split_part(error, ':', 1) IN (SELECT unnest($permanent::VARCHAR[]))
UNION
SELECT record_key FROM quarantine
WHERE stage = 'extract'
UNION
SELECT coalesce(payload->>'item_url', payload->>'url') FROM quarantine
WHERE stage = 'articles' AND coalesce(payload->>'item_url', payload->>'url') IS NOT NULL

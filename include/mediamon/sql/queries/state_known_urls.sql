-- Item URLs a run must not download again: stored articles, items whose last outcome was final
-- (loaded, not an article, a duplicate of an article another item of its run carried, refused by a robots.txt
-- that was read, quarantined at extract or articles), and
-- pages that failed for good. Parameters: $permanent (list of reason codes whose failures are not retried).
-- robots-unreachable (the robots.txt could not be read) is not final. Before it existed such pages were
-- recorded as robots-disallowed / refused-by-robots with "RFC 9309 treats this as disallow-all" (or a failed
-- robots.txt step's "unexpected-error") in the reason: those rows are not final either, so the pages are
-- asked again.
SELECT url FROM articles
UNION
SELECT url FROM item_outcomes
WHERE (outcome IN ('loaded', 'not-article', 'duplicate-article')
       OR (outcome = 'refused-by-robots' AND NOT coalesce(reason LIKE 'robots-disallowed: %disallow-all%'
                                                           OR reason LIKE 'robots-disallowed: unexpected-error%',
                                                           FALSE)))
   OR (outcome = 'quarantined' AND stage IN ('extract', 'articles'))
UNION
SELECT url FROM fetch_log
WHERE kind = 'page' AND error IS NOT NULL AND split_part(error, ':', 1) IN (SELECT unnest($permanent::VARCHAR[]))
  AND NOT (error LIKE 'robots-disallowed: %disallow-all%' OR error LIKE 'robots-disallowed: unexpected-error%')
UNION
SELECT record_key FROM quarantine
WHERE stage = 'extract'
UNION
SELECT coalesce(payload->>'item_url', payload->>'url') FROM quarantine
WHERE stage = 'articles' AND coalesce(payload->>'item_url', payload->>'url') IS NOT NULL

-- Each feed's gap count and latest gap, recounted from feed_gaps. No parameters.
UPDATE feeds SET possible_gaps = g.gaps, last_gap_at = g.last_gap_at
FROM (SELECT feed_url, count(*) AS gaps, max(detected_at) AS last_gap_at FROM feed_gaps GROUP BY feed_url) g
WHERE feeds.feed_url = g.feed_url

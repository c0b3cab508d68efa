-- Story signatures of the articles of the $days run dates before $run_date and of $run_date itself, so that
-- today's copies join their story (a backfill of an old day reads no later day).
-- Parameters: $run_date (DATE), $days (INTEGER, how far back to look).
SELECT s.story_id, s.article_id, s.signature
FROM story_signatures s
JOIN articles a USING (article_id)
WHERE a.run_date BETWEEN $run_date::DATE - $days::INTEGER AND $run_date::DATE

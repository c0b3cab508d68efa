-- Story signatures of recent articles, so that today's copies join their story.
-- Parameters: $run_date (DATE), $days (INTEGER, how far back to look).
SELECT story_id, article_id, signature
FROM story_signatures
WHERE first_seen_at >= $run_date::DATE - to_days($days::INTEGER)

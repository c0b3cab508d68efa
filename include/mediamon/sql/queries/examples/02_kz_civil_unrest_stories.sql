-- All stories on Kazakhstan (KZ) tagged civil unrest (medtop:20000065), biggest first, with the
-- representative headline and how many outlets carried them. No parameters.
SELECT s.story_id, s.title, s.url, s.outlet_count, s.article_count, s.first_seen_at
FROM stories s
WHERE s.story_id IN (
    SELECT f.story_id
    FROM article_full f
    WHERE list_contains(f.countries, 'KZ') AND list_contains(f.topics, 'medtop:20000065')
)
ORDER BY s.outlet_count DESC, s.first_seen_at DESC;

-- stories: story clusters (syndicated and near-duplicate copies share a story_id) with their
-- representative article: the copy whose article_id is the story_id, else the earliest copy.
-- Reads articles. One row per story_id. No parameters.
CREATE OR REPLACE VIEW stories AS
WITH members AS (
    SELECT coalesce(story_id, article_id) AS story_id, article_id, source_id, title, url,
           first_seen_at, run_date
    FROM articles
), stats AS (
    SELECT story_id,
           coalesce(max(article_id) FILTER (WHERE article_id = story_id),
                    arg_min(article_id, first_seen_at)) AS article_id,   -- representative article
           count(DISTINCT source_id) AS outlet_count,
           count(*) AS article_count,
           min(first_seen_at) AS first_seen_at,
           max(first_seen_at) AS last_seen_at,
           min(run_date) AS first_day,
           max(run_date) AS last_day
    FROM members
    GROUP BY story_id
)
SELECT s.story_id, s.article_id, a.title, a.url, a.source_id, s.outlet_count, s.article_count,
       s.first_seen_at, s.last_seen_at, s.first_day, s.last_day
FROM stats s
JOIN articles a ON a.article_id = s.article_id;

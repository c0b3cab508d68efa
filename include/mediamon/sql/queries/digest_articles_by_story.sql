-- digest_articles.sql for a warehouse still without articles.event_id (before migration 006): every
-- story (copies of one article) is its own event. No parameters.
CREATE OR REPLACE TEMP VIEW digest_articles AS
SELECT *, coalesce(story_id, article_id) AS event_key
FROM articles

-- The articles with the event each belongs to, as a temporary view that the digest's day queries read:
-- event_key = event_id (migration 006: different articles about one happening, across outlets), else
-- the story (copies of one article), else the article itself. For a warehouse without
-- articles.event_id, digest_articles_by_story.sql gives the same view with stories as events.
-- No parameters.
CREATE OR REPLACE TEMP VIEW digest_articles AS
SELECT *, coalesce(event_id, story_id, article_id) AS event_key
FROM articles

-- 008_day_summaries: what lets a day's digest read that day only, whatever the size of the warehouse.
-- The tag tables carry the run_date of their article (article_run_date: a name of its own, so
-- a join with articles USING (article_id) can still say run_date), so the digest's day filter skips the row groups
-- of other days (daily loads append one day at a time); event_days keeps, per event and day, what the
-- top-events table counts over an event's articles, so an event's history is a few rows, not every
-- article stored up to the day. Both are written by the load (load/07, 09, 17b) in its transaction.

ALTER TABLE article_countries ADD COLUMN IF NOT EXISTS article_run_date DATE;  -- articles.run_date of the article
ALTER TABLE article_topics ADD COLUMN IF NOT EXISTS article_run_date DATE;     -- articles.run_date of the article

CREATE TABLE IF NOT EXISTS event_days (
    event_id            VARCHAR NOT NULL,      -- coalesce(event_id, story_id, article_id) of the articles
    day                 DATE NOT NULL,         -- run_date of the articles counted; one row per (event_id, day)
    articles            BIGINT NOT NULL,       -- articles of the event stored that day
    source_ids          VARCHAR[] NOT NULL,    -- their distinct source_id, sorted
    first_published_at  TIMESTAMPTZ,           -- min(published_at), NULL when none has one
    first_seen_at       TIMESTAMPTZ NOT NULL,  -- min(first_seen_at)
    last_seen_at        TIMESTAMPTZ NOT NULL,  -- max(first_seen_at)
    first_article_id    VARCHAR NOT NULL,      -- arg_min(article_id, first_seen_at): the day's earliest article
    has_event_article   BOOLEAN NOT NULL       -- the article whose article_id is the event_id was stored that day
);

-- Articles and tags stored before this migration.
UPDATE article_countries c SET article_run_date = a.run_date FROM articles a WHERE a.article_id = c.article_id;
UPDATE article_topics t SET article_run_date = a.run_date FROM articles a WHERE a.article_id = t.article_id;
INSERT INTO event_days BY NAME
SELECT event_key AS event_id, run_date AS day, count(*) AS articles,
       list(DISTINCT source_id ORDER BY source_id) AS source_ids, min(published_at) AS first_published_at,
       min(first_seen_at) AS first_seen_at, max(first_seen_at) AS last_seen_at,
       arg_min(article_id, first_seen_at) AS first_article_id, bool_or(article_id = event_key) AS has_event_article
FROM (SELECT *, coalesce(event_id, story_id, article_id) AS event_key FROM articles)
GROUP BY event_key, run_date
ORDER BY day, event_id;

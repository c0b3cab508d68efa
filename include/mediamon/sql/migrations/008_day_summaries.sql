-- 008_day_summaries: what lets a day's digest read that day only, whatever the size of the warehouse.
-- The tag tables carry the run_date of their article (article_run_date: a name of its own, so
-- a join with articles USING (article_id) can still say run_date), so the digest's day filter skips the row groups
-- of other days (daily loads append one day at a time); event_days keeps, per event and day, what the
-- top-events table counts over an event's articles, so an event's history is a few rows, not every
-- article stored up to the day. Both are written by the load (load/07, 09, 17b) in its transaction.

-- The tag tables are written anew, in day order, with the day and without their primary-key index:
-- the load keeps (article_id, country_code) and (article_id, topic_code) unique itself (steps 06 and
-- 08 delete a re-loaded article's tags before 07 and 09 insert them), and maintaining an index of
-- every tag made each load's inserts slower as the warehouse grew.
CREATE TABLE article_countries_by_day (
    article_id        VARCHAR NOT NULL,
    country_code      VARCHAR NOT NULL,   -- ISO 3166-1 alpha-2
    mentions          INTEGER NOT NULL,
    is_focus          BOOLEAN NOT NULL,
    spans             JSON,               -- [[start, end, surface], ...] into title + "\n\n" + text
    article_run_date  DATE                -- articles.run_date of the article (its name differs so joins
                                          -- USING (article_id) can still say run_date)
);
INSERT INTO article_countries_by_day
SELECT c.article_id, c.country_code, c.mentions, c.is_focus, c.spans, a.run_date
FROM article_countries c LEFT JOIN articles a USING (article_id)
ORDER BY a.run_date, c.article_id, c.country_code;
DROP TABLE article_countries;
ALTER TABLE article_countries_by_day RENAME TO article_countries;

CREATE TABLE article_topics_by_day (
    article_id        VARCHAR NOT NULL,
    topic_code        VARCHAR NOT NULL,   -- IPTC Media Topic, e.g. medtop:11000000
    topic_label       VARCHAR NOT NULL,
    score             DOUBLE NOT NULL,    -- 0..1
    evidence          JSON,               -- words that produced the tag
    article_run_date  DATE                -- articles.run_date of the article
);
INSERT INTO article_topics_by_day
SELECT t.article_id, t.topic_code, t.topic_label, t.score, t.evidence, a.run_date
FROM article_topics t LEFT JOIN articles a USING (article_id)
ORDER BY a.run_date, t.article_id, t.topic_code;
DROP TABLE article_topics;
ALTER TABLE article_topics_by_day RENAME TO article_topics;

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

-- The events of the articles stored before this migration.
INSERT INTO event_days BY NAME
SELECT event_key AS event_id, run_date AS day, count(*) AS articles,
       list_sort(list_distinct(list(source_id))) AS source_ids, min(published_at) AS first_published_at,
       min(first_seen_at) AS first_seen_at, max(first_seen_at) AS last_seen_at,
       arg_min(article_id, first_seen_at) AS first_article_id, bool_or(article_id = event_key) AS has_event_article
FROM (SELECT *, coalesce(event_id, story_id, article_id) AS event_key FROM articles)
GROUP BY event_key, run_date
ORDER BY day, event_id;

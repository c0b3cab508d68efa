-- 010_day_totals: all articles and distinct stories stored per day, kept by the load
-- (load/17c_day_totals_*.sql) in the same transaction as the articles it counts, so a digest's window
-- of days is a few dozen rows instead of every article stored in those days (the ingest_days view
-- counts them). Only days with articles have a row; digest_window_days.sql adds the days a run
-- stored nothing.
CREATE TABLE IF NOT EXISTS day_totals (
    day       DATE PRIMARY KEY,   -- run_date of the articles counted
    articles  BIGINT NOT NULL,    -- articles stored that day
    stories   BIGINT NOT NULL     -- distinct coalesce(story_id, article_id) among them
);

-- Count the articles stored before this migration; later loads recount the days they touch.
INSERT INTO day_totals BY NAME
SELECT run_date AS day, count(*) AS articles, count(DISTINCT coalesce(story_id, article_id)) AS stories
FROM articles
GROUP BY run_date
ORDER BY day;

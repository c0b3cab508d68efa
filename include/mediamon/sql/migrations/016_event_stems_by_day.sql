-- 016_event_stems_by_day: article_event_stems carries the run_date of its article (article_run_date, as the
-- tag tables since migration 008), so the next run's known-events snapshot (queries/state_known_events.sql)
-- reads the stems of its recent days' row groups only. Before, it read every stored article's stems and
-- joined the recent stories with every stored article, and a run's plan grew with the warehouse: at ten
-- million articles the snapshot took 0.64 s with no stems stored at all. The rows are written anew in day
-- order; the load writes the column for its articles (load/20_event_terms_insert.sql).
CREATE TABLE article_event_stems_by_day (
    article_id        VARCHAR NOT NULL,    -- articles.article_id (kept unique by the load, no index)
    title_stems       VARCHAR NOT NULL,    -- stems of the title in order, joined by spaces (a stem holds none)
    lead_stems        VARCHAR NOT NULL,    -- stems of the first LEAD_CHARS characters of the text, the same way
    article_run_date  DATE                 -- articles.run_date of the article
);
INSERT INTO article_event_stems_by_day
SELECT s.article_id, s.title_stems, s.lead_stems, a.run_date
FROM article_event_stems s LEFT JOIN articles a USING (article_id)
ORDER BY a.run_date, s.article_id;
DROP TABLE article_event_stems;
ALTER TABLE article_event_stems_by_day RENAME TO article_event_stems;

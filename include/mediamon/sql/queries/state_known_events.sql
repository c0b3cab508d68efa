-- Recent days' stories with their event, so that today's articles about the same happening join it: one row
-- per story (today's copy of a story keeps its event), and, for one story of each event only (its
-- representative: the story whose first article of these days is the one the event is named by), what events
-- compare by: its first article's time, best topic, countries (focus first, then by mentions) and stems
-- (article_event_stems, migration 009). The other rows' columns are NULL. An event whose naming article is older
-- than these days has no representative: a new article may join it as a copy of one of its stories, never by
-- resemblance to a later story (a chain of loosely related stories would grow one event day after day). Stories of the $days run dates before $run_date and of
-- $run_date itself. Parameters: $run_date (DATE), $days (INTEGER, how far back).
-- Every table is read for those days only (run_date, and article_run_date of the tag and stem tables: row
-- groups of other days are skipped), so the snapshot's cost follows the days it reads, not the warehouse.
-- A story's first article and a best topic are picked by arg_min over a hash
-- aggregate (a window per story sorted every partition: about a fifth more CPU on a day of 5,000 articles; a
-- sorted list per article, twice as long as arg_min), and only representatives' stems are read into the join.
WITH first_articles AS (
    SELECT arg_min(a.article_id, (a.first_seen_at, a.article_id)) AS article_id  -- first_seen_at is NOT NULL
    FROM articles a
    WHERE a.run_date BETWEEN $run_date::DATE - $days::INTEGER AND $run_date::DATE  -- a backfill reads no later day
    GROUP BY coalesce(a.story_id, a.article_id)
), recent AS (
    SELECT a.article_id, coalesce(a.story_id, a.article_id) AS story_id,
           coalesce(a.event_id, a.story_id, a.article_id) AS event_id, a.first_seen_at, a.published_at
    FROM first_articles f JOIN articles a USING (article_id)
    WHERE a.run_date BETWEEN $run_date::DATE - $days::INTEGER AND $run_date::DATE
), representative AS (  -- the story whose first article of these days names its event
    SELECT r.article_id FROM recent r WHERE r.article_id = r.event_id
), countries AS (
    SELECT c.article_id, list(c.country_code ORDER BY c.is_focus DESC, c.mentions DESC, c.country_code) AS countries
    FROM article_countries c SEMI JOIN representative r ON r.article_id = c.article_id
    WHERE c.article_run_date BETWEEN $run_date::DATE - $days::INTEGER AND $run_date::DATE
    GROUP BY c.article_id
), topics AS (
    SELECT t.article_id, arg_min(t.topic_code, (-t.score, t.topic_code)) AS topic  -- best score, then code
    FROM article_topics t SEMI JOIN representative r ON r.article_id = t.article_id
    WHERE t.article_run_date BETWEEN $run_date::DATE - $days::INTEGER AND $run_date::DATE
    GROUP BY t.article_id
), stems AS (
    SELECT s.article_id, s.title_stems, s.lead_stems
    FROM article_event_stems s SEMI JOIN representative r ON r.article_id = s.article_id
    WHERE s.article_run_date BETWEEN $run_date::DATE - $days::INTEGER AND $run_date::DATE
)
SELECT r.story_id, r.event_id,
       CASE WHEN p.article_id IS NOT NULL THEN epoch(coalesce(r.published_at, r.first_seen_at)) END AS seconds,
       t.topic, CASE WHEN p.article_id IS NOT NULL THEN coalesce(c.countries, []) END AS countries,
       CASE WHEN p.article_id IS NOT NULL THEN coalesce(s.title_stems, '') END AS title_stems,
       CASE WHEN p.article_id IS NOT NULL THEN coalesce(s.lead_stems, '') END AS lead_stems
FROM recent r
LEFT JOIN representative p USING (article_id)
LEFT JOIN countries c USING (article_id)
LEFT JOIN topics t USING (article_id)
LEFT JOIN stems s USING (article_id)
ORDER BY r.first_seen_at, r.article_id

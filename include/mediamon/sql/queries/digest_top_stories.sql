-- The best stories of each key on $run_date: stories with a copy stored that day, ranked by distinct
-- outlets, then most recent copy, then copies; stats count copies stored up to $run_date (syndicated
-- copies are one story). Reads digest_day_keys (digest_day_keys.sql); the articles table is scanned
-- once (the representative copy is one of the members, so its title and text come from there).
-- Parameters: $run_date (DATE), $limit (per key).
WITH day_stories AS (
    SELECT DISTINCT kind, key, story_id FROM digest_day_keys
), members AS (
    SELECT coalesce(a.story_id, a.article_id) AS story_id, a.article_id, a.source_id, a.first_seen_at,
           coalesce(s.name, a.source_id) AS outlet, a.title, a.url, a.language, left(a.text, 2000) AS text
    FROM articles a
    LEFT JOIN sources s USING (source_id)
    WHERE a.run_date <= $run_date
      AND coalesce(a.story_id, a.article_id) IN (SELECT story_id FROM day_stories)
), stats AS (
    SELECT story_id,
           coalesce(max(article_id) FILTER (WHERE article_id = story_id),
                    arg_min(article_id, first_seen_at)) AS article_id,
           count(DISTINCT source_id) AS outlet_count,
           count(*) AS article_count,
           list(DISTINCT outlet ORDER BY outlet) AS outlets,
           min(first_seen_at) AS first_seen_at,
           max(first_seen_at) AS last_seen_at
    FROM members
    GROUP BY story_id
)
SELECT d.kind, d.key, st.story_id, st.article_id, a.title, a.url, a.language, a.text,
       st.outlet_count, st.article_count, st.outlets, st.first_seen_at, st.last_seen_at
FROM day_stories d
JOIN stats st USING (story_id)
JOIN members a ON a.article_id = st.article_id
QUALIFY row_number() OVER (PARTITION BY d.kind, d.key
                           ORDER BY st.outlet_count DESC, st.last_seen_at DESC, st.article_count DESC,
                                    st.story_id) <= $limit
ORDER BY d.kind, d.key, st.outlet_count DESC, st.last_seen_at DESC, st.article_count DESC, st.story_id

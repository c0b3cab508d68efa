-- Each key's top events on the run date, as a temporary table (kind, key, event_id, event_rank, key_rank,
-- article_id):
-- the first $limit of the events with an article about the key stored that day: first those with an article
-- focused on the key (a country page leads with the stories about the country, not a bigger story that names
-- it in passing; topics have no focus), then by distinct outlets, then articles, then how much that day's
-- articles are about the key (those focused on it, the times they name it, their best score for it: most days
-- most events are one article from one outlet, so this orders most of a small country's page), then the day's
-- event rank. The order is one key, a struct compared field by field (every field set; the event rank
-- negated, so it counts lowest first), so that DuckDB keeps each key's first $limit events as it groups
-- instead of sorting every event of every key. article_id is the article a key's page shows for the event: of
-- the event's articles stored that day about the key, the one focused on it, then one of the story the event is
-- named by, then the one naming the key most, then scored highest for it, then the first seen (an original before
-- its copies), then the first by id (not the event's representative, which may be another day's article
-- about another place).
-- Reads digest_day_keys, digest_day_events. Parameters: $limit (per key).
CREATE OR REPLACE TEMP TABLE digest_top_event_keys AS
SELECT k.kind, k.key, k.event_id, e.event_rank, k.article_id,
       row_number() OVER (PARTITION BY k.kind, k.key
                          ORDER BY {'about': k.focus > 0, 'outlets': e.outlet_count, 'articles': e.article_count,
                                    'focus': k.focus, 'mentions': k.mentions, 'score': k.score,
                                    'rank': -e.event_rank} DESC) AS key_rank
FROM (SELECT kind, key, event_id, count(*) FILTER (WHERE is_focus) AS focus,
             coalesce(sum(mentions), 0) AS mentions, coalesce(max(score), 0) AS score,
             arg_min(article_id, {'focus': NOT is_focus, 'named': story_id <> event_id,
                                  'mentions': -coalesce(mentions, 0), 'score': -coalesce(score, 0),
                                  'first': first_seen_at, 'id': article_id}) AS article_id
      FROM digest_day_keys GROUP BY ALL) k
JOIN digest_day_events e USING (event_id)
QUALIFY key_rank <= $limit

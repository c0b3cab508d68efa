-- 006_events: events above stories. A story groups copies of one article (syndication, near
-- duplicates); an event groups the different articles, from any outlet, about one happening: the
-- same day or two, the same place, the same actors. The stories stage fills event_id
-- (mediamon.enrich.events); an article that matches no other is its own event, named by its story.

ALTER TABLE articles ADD COLUMN IF NOT EXISTS event_id VARCHAR;  -- story_id of the event's earliest story; never NULL once loaded

-- Articles stored before events existed: each story is its own event.
UPDATE articles SET event_id = coalesce(story_id, article_id) WHERE event_id IS NULL;

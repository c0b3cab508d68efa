-- 012_articles_unindexed: articles and story_signatures without their primary-key index. Every daily
-- load inserted its ids into an index of every id stored and the checkpoint after it wrote that whole
-- index anew, so a day's load grew with the warehouse (at ten million articles: 4.4 s and 3.0 s of
-- inserts, and the file grew by a gigabyte a day). The load keeps article_id unique itself, as it does
-- for the tags since migration 008: it refuses a run that stages an id twice (load/05_articles_unique),
-- finds the run's articles stored before in one pass over the ids (05a), refreshes those (05b) and
-- inserts only the others (05d); the signatures likewise (10_*). The rows keep their stored order.
CREATE TABLE articles_unindexed (
    article_id           VARCHAR NOT NULL,     -- sha1 of the canonical URL (first 16 hex digits); unique
    url                  VARCHAR NOT NULL,     -- canonical URL
    source_id            VARCHAR NOT NULL,
    title                VARCHAR,
    author               VARCHAR,
    published_at         TIMESTAMPTZ,          -- NULL when no evidence; see date_source
    date_source          VARCHAR,              -- jsonld / meta / time / url / feed
    language             VARCHAR,              -- ISO 639-1 detected from the text
    language_confidence  DOUBLE,
    text                 VARCHAR NOT NULL,
    word_count           INTEGER NOT NULL,
    text_source          VARCHAR NOT NULL,     -- page, or feed when the page gave too little
    method               VARCHAR,              -- extractor that produced the text
    site_name            VARCHAR,
    image                VARCHAR,
    feed_url             VARCHAR,
    first_seen_at        TIMESTAMPTZ NOT NULL, -- when a feed first listed it
    story_id             VARCHAR,              -- article_id of the earliest copy of the same story
    run_date             DATE NOT NULL,        -- the run that first stored it
    loaded_at            TIMESTAMPTZ NOT NULL,
    event_id             VARCHAR               -- story_id of the event's earliest story; never NULL once loaded
);
INSERT INTO articles_unindexed BY NAME SELECT * FROM articles;
DROP TABLE articles;
ALTER TABLE articles_unindexed RENAME TO articles;

CREATE TABLE story_signatures_unindexed (
    article_id     VARCHAR NOT NULL,  -- unique
    story_id       VARCHAR NOT NULL,
    signature      JSON NOT NULL,     -- near-duplicate signature, compared with new articles
    first_seen_at  TIMESTAMPTZ NOT NULL
);
INSERT INTO story_signatures_unindexed BY NAME SELECT * FROM story_signatures;
DROP TABLE story_signatures;
ALTER TABLE story_signatures_unindexed RENAME TO story_signatures;

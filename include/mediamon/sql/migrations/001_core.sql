-- 001_core: the warehouse's core tables. Written only by the load stage (one writer).
-- Dates: run_date is the day a run processed (the logical day of the DAG run); published_at is the
-- article's own publication time (NULL when no evidence was found: never guessed).

CREATE TABLE IF NOT EXISTS sources (
    source_id   VARCHAR PRIMARY KEY,   -- slug from sources.yaml
    name        VARCHAR NOT NULL,
    homepage    VARCHAR,
    country     VARCHAR,               -- ISO 3166-1 alpha-2, country of publication
    language    VARCHAR,               -- ISO 639-1
    type        VARCHAR,               -- outlet type from the registry (wire, newspaper, ...), NULL if unknown
    region      VARCHAR,
    enabled     BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE IF NOT EXISTS feeds (
    feed_url              VARCHAR PRIMARY KEY,
    source_id             VARCHAR NOT NULL,
    etag                  VARCHAR,      -- validators of the last 200 response, sent on the next request
    last_modified         VARCHAR,
    body_sha256           VARCHAR,      -- hash of the last body: catches servers that lie about 304
    last_fetched_at       TIMESTAMPTZ,
    last_success_at       TIMESTAMPTZ,  -- last time the feed was fetched and parsed (or confirmed unchanged)
    last_status           INTEGER,
    last_error            VARCHAR,      -- reason code of the last failure, NULL when the last fetch worked
    consecutive_failures  INTEGER NOT NULL DEFAULT 0,
    last_new_item_at      TIMESTAMPTZ,  -- last run that found an item not seen before
    items_last            INTEGER,      -- items in the last parsed body
    items_dated_last      INTEGER
);

CREATE TABLE IF NOT EXISTS fetch_log (
    run_id        VARCHAR NOT NULL,     -- one id per execution of a run (re-runs of a day get a new one)
    run_date      DATE NOT NULL,
    url           VARCHAR NOT NULL,
    source_id     VARCHAR,
    kind          VARCHAR NOT NULL,     -- feed / page / robots
    fetched_at    TIMESTAMPTZ NOT NULL,
    attempt       INTEGER NOT NULL,
    status        INTEGER,              -- HTTP status, NULL when no response arrived
    bytes         BIGINT NOT NULL,
    elapsed_ms    INTEGER NOT NULL,
    error         VARCHAR,              -- reason code (errors.REASONS) with detail; NULL on success
    final_url     VARCHAR,
    from_cache    BOOLEAN NOT NULL DEFAULT FALSE,  -- 304 or unchanged body hash
    robots        VARCHAR,
    content_type  VARCHAR,
    PRIMARY KEY (run_id, kind, url, attempt)
);

CREATE TABLE IF NOT EXISTS articles (
    article_id           VARCHAR PRIMARY KEY,  -- sha1 of the canonical URL (first 16 hex digits)
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
    loaded_at            TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS article_countries (
    article_id    VARCHAR NOT NULL,
    country_code  VARCHAR NOT NULL,   -- ISO 3166-1 alpha-2
    mentions      INTEGER NOT NULL,
    is_focus      BOOLEAN NOT NULL,
    spans         JSON,               -- [[start, end, surface], ...] into title + "\n\n" + text
    PRIMARY KEY (article_id, country_code)
);

CREATE TABLE IF NOT EXISTS article_topics (
    article_id   VARCHAR NOT NULL,
    topic_code   VARCHAR NOT NULL,    -- IPTC Media Topic, e.g. medtop:11000000
    topic_label  VARCHAR NOT NULL,
    score        DOUBLE NOT NULL,     -- 0..1
    evidence     JSON,                -- words that produced the tag
    PRIMARY KEY (article_id, topic_code)
);

CREATE TABLE IF NOT EXISTS story_signatures (
    article_id     VARCHAR PRIMARY KEY,
    story_id       VARCHAR NOT NULL,
    signature      JSON NOT NULL,     -- near-duplicate signature, compared with new articles
    first_seen_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    stage           VARCHAR NOT NULL,  -- feed_items / fetch / extract / articles
    record_key      VARCHAR NOT NULL,  -- URL or article_id of the rejected record
    reasons         JSON NOT NULL,     -- list of reason codes or failed expectations
    payload         JSON,              -- the record as it was staged
    run_date        DATE NOT NULL,
    run_id          VARCHAR NOT NULL,
    quarantined_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_date, stage, record_key)
);

CREATE TABLE IF NOT EXISTS validation_results (
    run_id            VARCHAR NOT NULL,
    run_date          DATE NOT NULL,
    suite             VARCHAR NOT NULL,
    expectation       VARCHAR NOT NULL,  -- expectation type, with its column where it has one
    severity          VARCHAR NOT NULL,  -- row / warn / critical
    success           BOOLEAN NOT NULL,
    unexpected_count  BIGINT,
    observed_value    VARCHAR,
    validated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS runs (
    run_id        VARCHAR PRIMARY KEY,
    run_date      DATE NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    loaded_at     TIMESTAMPTZ NOT NULL,
    feeds         INTEGER NOT NULL,
    pages         INTEGER NOT NULL,
    articles      INTEGER NOT NULL,    -- new articles stored by this run
    quarantined   INTEGER NOT NULL
);

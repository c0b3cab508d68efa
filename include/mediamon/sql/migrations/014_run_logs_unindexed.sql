-- 014_run_logs_unindexed: fetch_log and item_outcomes without their primary-key index. Every run adds
-- a row per fetch attempt and per feed item (about 30,000 a day at ten million articles a year), and each
-- load inserted them into an index of every row stored: with a year of them (10.7 and 10.0 million rows)
-- the two tables took 0.44 GiB and their indexes 1.6 GiB more. Nothing looks a row up by its key: the
-- load deletes a run's own rows before inserting them again (load/03_fetch_log_clear,
-- 18_item_outcomes_clear) and refuses a run that stages a key twice (load/03a_run_logs_unique), so the
-- keys stay unique as before. The rows keep their stored order; the space the indexes held stays free in
-- the file for later writes until the file is rewritten.
CREATE TABLE fetch_log_unindexed (
    run_id        VARCHAR NOT NULL,     -- one id per execution of a run (re-runs of a day get a new one)
    run_date      DATE NOT NULL,
    url           VARCHAR NOT NULL,
    source_id     VARCHAR,
    kind          VARCHAR NOT NULL,     -- feed / page / robots
    fetched_at    TIMESTAMPTZ NOT NULL,
    attempt       INTEGER NOT NULL,     -- (run_id, kind, url, attempt) is unique
    status        INTEGER,              -- HTTP status, NULL when no response arrived
    bytes         BIGINT NOT NULL,
    elapsed_ms    INTEGER NOT NULL,
    error         VARCHAR,              -- reason code (errors.REASONS) with detail; NULL on success
    final_url     VARCHAR,
    from_cache    BOOLEAN NOT NULL DEFAULT FALSE,  -- 304 or unchanged body hash
    robots        VARCHAR,
    content_type  VARCHAR
);
INSERT INTO fetch_log_unindexed BY NAME SELECT * FROM fetch_log;
DROP TABLE fetch_log;
ALTER TABLE fetch_log_unindexed RENAME TO fetch_log;

CREATE TABLE item_outcomes_unindexed (
    run_id      VARCHAR NOT NULL,
    run_date    DATE NOT NULL,
    item_id     VARCHAR NOT NULL,   -- carried from the shard to the load; (run_id, item_id) is unique
    source_id   VARCHAR NOT NULL,
    feed_url    VARCHAR,            -- the (first) feed that listed the item
    url         VARCHAR NOT NULL,   -- the item's URL as its feed gave it
    outcome     VARCHAR NOT NULL,   -- loaded | quarantined | skipped-known | refused-by-robots | not-article
    stage       VARCHAR,            -- where the item ended: feed_items, shard, fetch, extract, enrich, articles
    reason      VARCHAR,            -- the first reason (code and detail) for every outcome but loaded
    article_id  VARCHAR             -- the stored article, for loaded items
);
INSERT INTO item_outcomes_unindexed BY NAME SELECT * FROM item_outcomes;
DROP TABLE item_outcomes;
ALTER TABLE item_outcomes_unindexed RENAME TO item_outcomes;

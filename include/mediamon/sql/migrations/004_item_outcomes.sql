-- 004_item_outcomes: one final outcome per feed item of every run, and the item behind each quarantined
-- record. An item is one URL as a run's feeds gave it (an item listed by two feeds is one item);
-- item_id is the first 16 hex digits of its SHA-1 (mediamon.text.urls.item_id).

CREATE TABLE IF NOT EXISTS item_outcomes (
    run_id      VARCHAR NOT NULL,
    run_date    DATE NOT NULL,
    item_id     VARCHAR NOT NULL,   -- carried from the shard to the load
    source_id   VARCHAR NOT NULL,
    feed_url    VARCHAR,            -- the (first) feed that listed the item
    url         VARCHAR NOT NULL,   -- the item's URL as its feed gave it
    outcome     VARCHAR NOT NULL,   -- loaded | quarantined | skipped-known | refused-by-robots | not-article
    stage       VARCHAR,            -- where the item ended: feed_items, shard, fetch, extract, enrich, articles
    reason      VARCHAR,            -- the first reason (code and detail) for every outcome but loaded
    article_id  VARCHAR,            -- the stored article, for loaded items
    PRIMARY KEY (run_id, item_id)
);

ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS item_id VARCHAR;  -- the feed item the record came from

-- 009_event_terms: the stems events compare articles by (mediamon.enrich.events.article_stems: of the
-- title and of the text's opening), kept per article so that the next runs' known-events snapshot reads
-- stems, not text, and no article is tokenised twice. The load writes them (load/20) for its articles;
-- articles stored before have none: the known-events snapshot gives them empty stems (no words to compare by).

CREATE TABLE IF NOT EXISTS article_event_stems (
    article_id   VARCHAR NOT NULL,    -- articles.article_id (kept unique by the load, no index)
    title_stems  VARCHAR NOT NULL,    -- stems of the title in order, joined by spaces (a stem holds none)
    lead_stems   VARCHAR NOT NULL     -- stems of the first LEAD_CHARS characters of the text, the same way
);

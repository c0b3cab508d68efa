-- 007_watches: saved searches (watches.yaml) and the articles each run found for them.
-- The load writes both, in its one transaction: `watches` mirrors watches.yaml as the run's validate
-- stage read it; `watch_matches` gets one row per watch and matching article of the run, with the
-- evidence (the query's terms found and a snippet around the first hit). See docs/schema.md.

CREATE TABLE IF NOT EXISTS watches (
    name         VARCHAR PRIMARY KEY,   -- unique name from watches.yaml, e.g. 'kz-protests'
    query        VARCHAR NOT NULL,      -- the Boolean query as written (AND, OR, NOT, "phrases", parentheses)
    countries    VARCHAR[] NOT NULL,    -- ISO 3166-1 alpha-2 filter; [] = any country
    topics       VARCHAR[] NOT NULL,    -- IPTC Media Topic codes (labels in the YAML resolved); [] = any topic
    languages    VARCHAR[] NOT NULL,    -- article languages (ISO 639-1); [] = any language
    sources      VARCHAR[] NOT NULL,    -- source_id filter; [] = any outlet
    description  VARCHAR,               -- free text for the digest and the UI (NULL: none given)
    alert        BOOLEAN NOT NULL,      -- send each run's matches to the alert connection
    run_date     DATE NOT NULL          -- the run whose load last wrote this definition
);

CREATE TABLE IF NOT EXISTS watch_matches (
    watch_name     VARCHAR NOT NULL,    -- watches.name
    article_id     VARCHAR NOT NULL,    -- articles.article_id
    run_date       DATE NOT NULL,       -- the run that found the match (the run that loaded the article)
    matched_terms  VARCHAR[] NOT NULL,  -- the query's terms and "phrases" found in the article, in query order
    snippet        VARCHAR NOT NULL,    -- about 200 characters of the title or text around the first hit
    matched_in     VARCHAR NOT NULL,    -- where the first hit is: title | text
    PRIMARY KEY (watch_name, article_id, run_date)
);

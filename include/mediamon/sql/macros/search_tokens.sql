-- The search tokenizer, its one definition: warehouse.apply_schema (re)creates these macros in the
-- warehouse on every writable connection, before the migrations (002_search indexes with them), and
-- the validate stage defines them on its own connection to stage each run's index rows.

-- search_stem(t): plural to singular, the only stemming done (Harman's S-stemmer, simplified):
-- cities → city, floods → flood, protesters → protester; words of 3 characters or fewer, and words
-- ending in -us or -ss, are kept as they are. Applied alike to the index and to queries.
CREATE OR REPLACE MACRO search_stem(t) AS CASE
    WHEN length(t) <= 3 THEN t
    WHEN suffix(t, 'ies') AND NOT suffix(t, 'eies') AND NOT suffix(t, 'aies') THEN substr(t, 1, length(t) - 3) || 'y'
    WHEN suffix(t, 's') AND NOT suffix(t, 'us') AND NOT suffix(t, 'ss') THEN substr(t, 1, length(t) - 1)
    ELSE t END;

-- search_tokens(s): the one tokenizer of the index and of every search query. Lower case, accents
-- removed (São → sao, Ё → е), split on anything that is not a letter or a digit, words of 2 to 40
-- characters kept, then search_stem. No stop-word list: BM25's idf weighs common words down.
-- Scripts written without spaces (Chinese, Japanese) give long runs that are dropped;
-- `mediamon search` falls back to a substring match for them.
CREATE OR REPLACE MACRO search_tokens(s) AS
    list_transform(list_filter(regexp_split_to_array(lower(strip_accents(coalesce(s, ''))), '[^\p{L}\p{N}]+'),
                               lambda t: length(t) BETWEEN 2 AND 40),
                   lambda t: search_stem(t));

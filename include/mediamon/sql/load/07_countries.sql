-- Countries of this run's articles. Parameters: $dir.
INSERT INTO article_countries BY NAME
SELECT article_id, country_code, mentions, is_focus, spans::JSON AS spans
FROM read_parquet($dir || '/article_countries.parquet')

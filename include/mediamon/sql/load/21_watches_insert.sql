-- The watch definitions this run was evaluated with (validated/watches.parquet). Parameters: $dir.
INSERT INTO watches BY NAME
SELECT name, query, countries, topics, languages, sources, description, alert, run_date::DATE AS run_date
FROM read_parquet($dir || '/watches.parquet')

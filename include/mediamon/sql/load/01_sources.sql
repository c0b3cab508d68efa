-- Upsert the registry's sources. Parameters: $dir (the run's validated/ folder).
INSERT INTO sources BY NAME
SELECT source_id, name, homepage, country, language, type, region, enabled
FROM read_parquet($dir || '/sources.parquet')
ON CONFLICT (source_id) DO UPDATE SET
    name = excluded.name, homepage = excluded.homepage, country = excluded.country,
    language = excluded.language, type = excluded.type, region = excluded.region, enabled = excluded.enabled

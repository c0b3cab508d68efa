-- Stage a run's watch matches (one row per watch and article, columns as in the watch_matches table),
-- from one list per column. Parameters: $path (the Parquet file to write), $run_date, $watch_name,
-- $article_id, $matched_terms, $snippet, $matched_in.
COPY (
    SELECT unnest($watch_name::VARCHAR[]) AS watch_name, unnest($article_id::VARCHAR[]) AS article_id,
           $run_date::DATE AS run_date, unnest($matched_terms::VARCHAR[][]) AS matched_terms,
           unnest($snippet::VARCHAR[]) AS snippet, unnest($matched_in::VARCHAR[]) AS matched_in
) TO $path (FORMAT parquet)

"""Watches: saved Boolean searches evaluated on every run's articles.

query.py parses a query, text.py folds text for matching, matcher.py matches articles with their
evidence, config.py reads watches.yaml, enriched.py evaluates them on each enriched article (in the enrich
shards), staging.py gathers a run's matches for the load.
"""

"""Discover: the sources registry (sources) and the RSS/Atom feeds it names (feeds)."""

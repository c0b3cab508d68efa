"""The demo: bundled real news pages and feeds (site/, with credits in README.md), the local server
that serves them (site), and the demo run itself (run)."""

"""What healthlint keeps between runs under .healthlint_cache/: outcomes.py, the per-file outcome
cache (SQLite); library.py, the library index that lets a run on a few drafts compare them with a
whole library without loading every draft's summaries."""

"""Many files: the runner (hashing, cache, workers, failures), the year-to-year comparison of
all plans, and the store that writes the tables (CSV, Parquet, DuckDB)."""

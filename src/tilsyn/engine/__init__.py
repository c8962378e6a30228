"""The measures as Ibis expressions over unbound tables: the same code runs on DuckDB and Spark."""

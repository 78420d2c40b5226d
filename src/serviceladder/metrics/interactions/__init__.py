"""Raw interaction records: mapping, reading, the month-partitioned Parquet store and monthly figures."""

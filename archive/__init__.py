"""Archive side: WARC writing, object storage, catalog, dedup and verification."""

"""Writers for development records, one module per topic. Services are the only writers: keyword-only
arguments, one transaction per use case, the audit row in the same transaction."""

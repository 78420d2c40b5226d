"""A deterministic demo organisation: `generator` builds plain data, `loader` writes it."""

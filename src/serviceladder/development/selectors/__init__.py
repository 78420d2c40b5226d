"""Reads of development records, one module per topic, scoped through accounts.scoping."""

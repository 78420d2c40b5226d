"""Backup and restore of a whole installation: the database, the interaction store and the uploads."""

"""Unattended scheduling of crawls (APScheduler)."""

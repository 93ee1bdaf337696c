"""Downloader middlewares: WARC recording and conditional requests."""

"""Crawl side: the Scrapy project (spiders, middlewares, pipelines) and extraction."""

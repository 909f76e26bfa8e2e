"""Spiders: they only fetch and discover pages; extraction happens in the pipelines."""

"""Helpers shared by the tests: a GitHub-Pages-like server, a link crawler, the HTML checker."""

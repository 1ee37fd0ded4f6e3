"""explainer: turns an article plus curated YAML into a linked explainer site."""

__version__ = "0.1.0"

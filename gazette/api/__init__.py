"""The public, read-only JSON API: articles, stories, sections and authors."""

"""Reader comments under articles, moderated by the community standards."""

"""What search engines read: sitemaps, robots.txt and each page's metadata."""

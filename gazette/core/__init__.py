"""Site-wide pieces: the home page, editable pages, images, caching, the clock."""

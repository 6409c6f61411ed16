"""Articles, the sections that hold them, and their authors."""

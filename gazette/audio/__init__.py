"""Article audio: speech for every article, its player and its podcast feeds."""

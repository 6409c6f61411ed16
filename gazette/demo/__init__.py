"""The demo newsroom and the synthetic newsroom generator."""

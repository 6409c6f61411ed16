"""Gazette: a self-hosted news publishing platform built on Wagtail."""

__version__ = "0.1.0.dev0"

"""Openbook: a static-site generator for public status and transparency portals."""

__version__ = "0.2.0"

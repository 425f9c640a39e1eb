"""Outputs: the machine-readable files a site publishes."""

"""The site: pages, how values read on them, and the one engine adapter."""

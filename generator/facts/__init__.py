"""Facts: what the content means as of a given moment."""

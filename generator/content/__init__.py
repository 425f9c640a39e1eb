"""Content: reading, checking and modelling what authors write."""

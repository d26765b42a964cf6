"""Extension points: one typed interface per kind (interfaces.py), found by entry point (registry.py)."""

"""Console users and their roles."""

"""Pages of the conduct app."""

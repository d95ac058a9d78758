"""Tables of the conduct app."""

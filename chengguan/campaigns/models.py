"""Tables of the campaigns app."""

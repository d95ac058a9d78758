"""Tables of the assessment app."""

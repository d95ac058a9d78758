"""Tables of the evaluation app."""

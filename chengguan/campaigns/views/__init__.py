"""Pages of the campaigns app: the civility office's console, the inspectors' scoring, the unit's own
pages and the public campaign pages."""

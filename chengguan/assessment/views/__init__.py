"""Pages of the assessment app: the leaders' dashboard, rankings with snapshots, drill-downs to cases,
and the report archive. Thin: they parse the request, call selectors and services, render."""

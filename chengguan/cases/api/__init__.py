"""The cases REST API under /api/v1/cases/ (routes in cases.api_urls). Views are thin: they check the
input with cases.serializers, call one service or selector, and serialise the result."""

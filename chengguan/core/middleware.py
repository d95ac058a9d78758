"""Remembers the current request so audit entries written deep inside a save (signals, admin) still
name the person who acted and their address."""

from contextvars import ContextVar

current_request: ContextVar = ContextVar("current_request", default=None)


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)

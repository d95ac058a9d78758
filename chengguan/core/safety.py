"""No unsafe default: a server that other machines can reach never runs with DEBUG or a published key.

`check_serving(address)` is called before the development server starts (`chengguan runserver ADDR`) and when
a WSGI server loads the application (gunicorn's --bind, or GUNICORN_CMD_ARGS); it raises ImproperlyConfigured
with a sentence naming the variable to set when the address is not the loopback and DEBUG is on or the
secret key is one published with the code."""

import ipaddress
import os
import shlex

from django.core.exceptions import ImproperlyConfigured

# Keys that appear in this repository (development, tests, benchmarks): anyone can sign links with them.
PUBLISHED_KEYS = frozenset({"", "dev-only-insecure-key-change-me", "test-only-key", "bench-only-key"})


def is_loopback(host: str) -> bool:
    host = host.strip().strip("[]")
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_address(address: str, default_host: str = "127.0.0.1") -> str:
    """The host part of `host:port`, `[v6]:port`, `port` or `unix:/path` (returned as is)."""
    address = address.strip()
    if address.startswith("unix:") or address.startswith("fd://"):
        return address
    if address.startswith("["):
        return address[1 : address.index("]")]
    if address.isdigit():
        return default_host
    if address.count(":") == 1:
        return address.split(":", 1)[0] or default_host
    return address or default_host


def problems(settings) -> list[str]:
    found = []
    if settings.DEBUG:
        found.append("DEBUG is on: set DJANGO_DEBUG=false (or leave it unset with the production settings).")
    if settings.SECRET_KEY in PUBLISHED_KEYS:
        found.append(
            "the secret key is the published development key: set SECRET_KEY to 50 or more random characters "
            "(and DJANGO_SETTINGS_MODULE=chengguan.settings.production)."
        )
    return found


def check_serving(address: str, settings=None) -> None:
    if settings is None:
        from django.conf import settings
    if address and is_loopback(split_address(address)):
        return
    found = problems(settings)
    if found:
        where = address or "an address this server does not tell"
        raise ImproperlyConfigured(
            f"Refusing to serve on {where}, which other machines can reach, because " + " And ".join(found)
        )


def runserver_address(argv: list[str]) -> str | None:
    """The address `chengguan runserver …` would listen on, or None for another command."""
    if len(argv) < 2 or argv[1] != "runserver":
        return None
    ipv6 = "--ipv6" in argv or "-6" in argv
    for arg in argv[2:]:
        if not arg.startswith("-"):
            return arg
    return "[::1]:8000" if ipv6 else "127.0.0.1:8000"


def wsgi_bind_addresses(argv: list[str], environ=os.environ) -> list[str]:
    """The addresses gunicorn was told to bind (its default is 127.0.0.1:8000); an unknown WSGI server gives
    [""], treated as reachable."""
    address = runserver_address(argv)
    if address is not None:  # Django's development server loads this module too
        return [address]
    program = os.path.basename(argv[0]) if argv else ""
    args = [*shlex.split(environ.get("GUNICORN_CMD_ARGS", "")), *argv[1:]]
    if "gunicorn" not in program and not environ.get("GUNICORN_CMD_ARGS"):
        return [""]
    found = []
    for i, arg in enumerate(args):
        if arg in ("-b", "--bind") and i + 1 < len(args):
            found.append(args[i + 1])
        elif arg.startswith("--bind="):
            found.append(arg.split("=", 1)[1])
        elif arg.startswith("-b") and len(arg) > 2:
            found.append(arg[2:])
    return found or ["127.0.0.1:8000"]

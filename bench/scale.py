"""One city size in its own process (Django settings are per process): build the city in a fresh database,
serve it, run the scenarios and print the rows as JSON on the last line.

    python -m bench.scale --cases 100000 [--reports 2000 --levels 8,32 --samples 200]

The database comes from the environment the runner sets: DATABASE_URL, or CHENGGUAN_DATA_DIR for SQLite."""

import argparse
import json
import os
import random
import shutil
import sys
import time
from dataclasses import asdict

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from . import scenarios  # noqa: E402
from .city import build_city, scale_for  # noqa: E402
from .http import ProxiedServer, Server  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("--reports", type=int, default=2000, help="reports posted at each concurrency level")
    parser.add_argument("--levels", default="8,32", help="concurrency levels for intake")
    parser.add_argument("--samples", type=int, default=200, help="requests per read scenario")
    parser.add_argument(
        "--direct",
        action="store_true",
        help="serve with gunicorn alone (--workers) instead of nginx in front of two application processes",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers with --direct")
    parser.add_argument("--locator-points", type=int, default=100_000)
    args = parser.parse_args(argv)
    rng = random.Random(args.cases)

    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    built = build_city(scale_for(args.cases), progress=log)
    build_seconds = time.monotonic() - started
    log(f"  city of {args.cases:,} cases built in {build_seconds:.0f} s")
    rows = [
        scenarios.Row(
            "build the synthetic city",
            build_seconds,
            "s",
            None,
            "minutes",
            note=f"{built.cases:,} cases, {built.events:,} events",
        )
    ]
    rows += scenarios.locator_speed(points=args.locator_points, rng=rng)
    log("  assessment …")
    rows += scenarios.assessment_ranking()
    direct = args.direct or shutil.which("nginx") is None
    if direct and not args.direct:
        log("  nginx is not installed (scripts/ensure-deploy-tools): serving with gunicorn alone")
    with Server(workers=args.workers) if direct else ProxiedServer() as server:
        log(f"  reads ({server.label}) …")
        rows += scenarios.reads(server.port, samples=args.samples, rng=rng)
        log("  intake …")
        levels = [int(level) for level in args.levels.split(",")]
        rows += scenarios.intake(server.port, reports=args.reports, levels=levels, rng=rng, via=server.label)
    print(json.dumps([asdict(row) for row in rows]))


if __name__ == "__main__":
    main()

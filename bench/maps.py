"""The maps' benchmark (issue 18): the base layers, place search and reverse lookup on the 10,000-cell
bench city (its grid and gazetteer, no cases needed), served by gunicorn, one request at a time, each
against a floor that reads the same rows by one SQL query on the same server.

    python -m bench.maps [--cells 10000] [--samples 300] [--write]

The database comes from the environment as for bench.scale (CHENGGUAN_DATA_DIR for SQLite, DATABASE_URL);
with --write the table replaces the "maps" section of BENCHMARKS.md."""

import argparse
import json
import os
import random
import sys
import time
from dataclasses import asdict
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from chengguan.demo.builder import build_demo_city  # noqa: E402
from chengguan.grid.models import Area, Cell, Place  # noqa: E402

from .http import Call, run_load  # noqa: E402
from .report import ROOT, table  # noqa: E402
from .scenarios import Row  # noqa: E402

START, END = "<!-- bench:maps-{vendor} -->", "<!-- /bench:maps-{vendor} -->"


def scenarios(rng: random.Random, samples: int) -> dict:
    centres = list(Cell.objects.values_list("center_lng", "center_lat"))
    points = [rng.choice(centres) for _ in range(samples)]
    names = list(Place.objects.values_list("name", flat=True))
    queries = []
    for _ in range(samples):  # a prefix of a name as people type it, sometimes the whole name
        name = rng.choice(names)
        queries.append(name[: rng.randint(2, len(name))])
    box = Cell.objects.order_by().values_list("min_lng", "min_lat", "max_lng", "max_lat")
    west, south = min(b[0] for b in box), min(b[1] for b in box)
    east, north = max(b[2] for b in box), max(b[3] for b in box)
    city = f"{west:.4f},{south:.4f},{east:.4f},{north:.4f}"

    def near(i, half_lng=0.008, half_lat=0.006):  # a phone's view at zoom 16, padded as map_layers.js does
        lng, lat = points[i]
        return lng - half_lng, lat - half_lat, lng + half_lng, lat + half_lat

    def floor_box(name, i):
        w, s, e, n = near(i)
        return Call("GET", f"/bench/floor/sql/{name}/?west={w:.4f}&south={s:.4f}&east={e:.4f}&north={n:.4f}")

    return {
        "layer: communities at city zoom (z=13)": (
            lambda i: Call("GET", f"/api/v1/grid/layers/communities?z=13&bbox={city}"),
            lambda i: Call("GET", "/bench/floor/sql/layer_communities/"),
        ),
        "layer: cells around a point (z=16)": (
            lambda i: Call(
                "GET", "/api/v1/grid/layers/cells?z=16&bbox={:.3f},{:.3f},{:.3f},{:.3f}".format(*near(i))
            ),
            lambda i: floor_box("layer_cells", i),
        ),
        "layer: places around a point (z=16)": (
            lambda i: Call(
                "GET", "/api/v1/grid/layers/places?z=16&bbox={:.3f},{:.3f},{:.3f},{:.3f}".format(*near(i))
            ),
            lambda i: Call("GET", "/bench/floor/sql/place_search/?like=%25"),
        ),
        "place search (name prefixes)": (
            lambda i: Call("GET", f"/api/v1/grid/places?q={_quote(queries[i])}"),
            lambda i: Call("GET", f"/bench/floor/sql/place_search/?like={_quote('%' + queries[i] + '%')}"),
        ),
        "describe a point (place line)": (
            lambda i: Call("GET", "/api/v1/grid/describe?lng={:.6f}&lat={:.6f}".format(*points[i])),
            lambda i: Call("GET", "/bench/floor/sql/describe/?lng={:.6f}&lat={:.6f}".format(*points[i])),
        ),
    }


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


def measure(port: int, rng: random.Random, samples: int) -> list[Row]:
    rows = []
    for name, (real, floor) in scenarios(rng, samples).items():
        run_load(port, [real(i) for i in range(10)], 1, processes=1)  # warm the worker's caches
        run_load(port, [floor(i) for i in range(10)], 1, processes=1)
        measured = run_load(port, [real(i) for i in range(samples)], 1, processes=1)
        floored = run_load(port, [floor(i) for i in range(samples)], 1, processes=1)
        failed = samples - len(measured.latencies)
        rows.append(
            Row(
                f"{name} p95",
                measured.percentile(95),
                "ms",
                floored.percentile(95),
                "≤ 50 ms",
                measured.percentile(95) <= 50,
                f"p50 {measured.p50:.1f} ms (floor {floored.p50:.1f})"
                + (f"; {failed} failed {measured.statuses}" if failed else ""),
            )
        )
    return rows


def write(rows: list[Row], header: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = START.format(vendor=connection.vendor), END.format(vendor=connection.vendor)
    section = "\n".join([start, header, "", *table([asdict(row) for row in rows]), end])
    if start in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    Path(path).write_text(text, encoding="utf-8")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.maps")
    parser.add_argument("--cells", type=int, default=10_000)
    parser.add_argument("--streets", type=int, default=12)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="replace the maps section of BENCHMARKS.md")
    args = parser.parse_args(argv)
    from .http import Server

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    if not Cell.objects.exists():
        build_demo_city(seed=2026, streets=args.streets, cells=args.cells, cases=0)
    print(f"city built in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    with Server(workers=args.workers) as server:
        rows = measure(server.port, random.Random(args.cells), args.samples)
    counts = (
        f"{Cell.objects.count():,} cells, {Area.objects.filter(level='community').count()} communities, "
        f"{Place.objects.count():,} places"
    )
    header = f"## Maps: layers, place search, reverse lookup ({connection.vendor}, {counts})\n\n" + " ".join(
        [
            f"`python -m bench.maps --write`, {args.samples} requests per scenario, one at a time,",
            f"against gunicorn ({args.workers} workers) on this machine ({time.strftime('%Y-%m-%d')}).",
            "Each floor reads the same rows by one SQL query on the same server (bench/floors.py); the floor",
            "for the places layer reads every place. The layers and the gazetteer answer from each worker's",
            "memory, rebuilt when the grid or the places change, which is why they can beat a query.",
        ]
    )
    for row in rows:
        print(f"{row.scenario}: {row.figure:.1f} ms (floor {row.floor:.1f}) {row.note}", flush=True)
    if args.write:
        write(rows, header)
    print(json.dumps([asdict(row) for row in rows]))


if __name__ == "__main__":
    main()

"""Run the benchmarks and write BENCHMARKS.md.

    python -m bench            # quick: 10k and 100k cases
    python -m bench --full     # the large city: 10k, 100k and 1M cases

Both run on SQLite, and on PostgreSQL when the server at --postgres-url answers (--databases to choose).

Each size runs in its own process against a fresh database (SQLite under var/bench/, or the PostgreSQL
database `chengguan_bench`, dropped and created again)."""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .report import print_table, write_section

ROOT = Path(__file__).resolve().parent.parent
# Intake runs at every level at the largest size, and at the growth level alone at the smaller ones.
QUICK = {"sizes": [10_000, 100_000], "reports": 1000, "levels": "8,32", "growth_level": "32", "samples": 100}
FULL = {
    "sizes": [10_000, 100_000, 1_000_000],
    "reports": 2000,
    "levels": "8,32,64",
    "growth_level": "32",
    "samples": 200,
}
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def _environment(database: str, size: int, postgres_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CHENGGUAN_DATA_DIR")}
    env["PYTHONPATH"] = str(ROOT)
    if database == "sqlite":
        data_dir = ROOT / "var" / "bench" / f"sqlite-{size}"
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        env["CHENGGUAN_DATA_DIR"] = str(data_dir)
    else:
        import psycopg

        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute("DROP DATABASE IF EXISTS chengguan_bench WITH (FORCE)")
            connection.execute("CREATE DATABASE chengguan_bench")
        env["DATABASE_URL"] = postgres_url.rsplit("/", 1)[0] + "/chengguan_bench"
        env["CHENGGUAN_DATA_DIR"] = str(ROOT / "var" / "bench" / "postgres-media")
    return env


def run_size(database: str, size: int, plan: dict, postgres_url: str) -> list[dict]:
    levels = plan["levels"] if size == max(plan["sizes"]) else plan["growth_level"]
    print(f"{database}: {size:,} cases", flush=True)
    command = [
        sys.executable,
        "-m",
        "bench.scale",
        "--cases",
        str(size),
        "--reports",
        str(plan["reports"]),
        "--levels",
        levels,
        "--samples",
        str(plan["samples"]),
    ]
    started = time.monotonic()
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=_environment(database, size, postgres_url),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _databases(choice: str, postgres_url: str) -> list[str]:
    if choice != "auto":
        return [name.strip() for name in choice.split(",")]
    import psycopg

    try:
        psycopg.connect(postgres_url, connect_timeout=3).close()
    except psycopg.OperationalError:
        print(f"PostgreSQL at {postgres_url} does not answer: SQLite only (see --postgres-url)", flush=True)
        return ["sqlite"]
    return ["sqlite", "postgresql"]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="the large city (1M cases) and more load")
    parser.add_argument(
        "--databases",
        default="auto",
        help="sqlite, postgresql or both (comma-separated); auto: PostgreSQL too when it answers",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a server and maintenance database to create chengguan_bench on",
    )
    parser.add_argument("--sizes", help="comma-separated case counts, instead of the plan's")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    plan = dict(FULL if args.full else QUICK)
    if args.sizes:
        plan["sizes"] = [int(size) for size in args.sizes.split(",")]
    databases = _databases(args.databases, args.postgres_url)
    for database in databases:
        results = {size: run_size(database, size, plan, args.postgres_url) for size in plan["sizes"]}
        print_table(database, results)
        if not args.no_write:
            write_section(
                ROOT / "BENCHMARKS.md",
                "full" if args.full else "quick",
                database,
                results,
                postgres_url=args.postgres_url,
            )


if __name__ == "__main__":
    main()

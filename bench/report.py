"""The results as a table in the terminal and as a section of BENCHMARKS.md, replaced on each run."""

import os
import platform
import re
import subprocess
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench:{key} -->", "<!-- /bench:{key} -->"


def _number(value) -> str:
    if value is None:
        return "—"
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _ratio(row: dict) -> str:
    if not row.get("floor"):
        return "—"
    ratio = row["figure"] / row["floor"]
    return f"{ratio:.2f}×"


def _met(row: dict) -> str:
    return {True: "yes", False: "**no**", None: ""}[row.get("met")]


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| scenario | figure | floor | ratio to floor | target | met | notes |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['scenario']} | {_number(row['figure'])} {row['unit']} | {_number(row.get('floor'))} | "
            f"{_ratio(row)} | {row.get('target', '')} | {_met(row)} | {row.get('note', '')} |"
        )
    return lines


def growth(results: dict) -> list[str]:
    """Key figures at each city size, to show how cost grows."""
    names = [row["scenario"] for row in next(iter(results.values())) if row["unit"] in ("reports/s", "ms")]
    sizes = sorted(results)
    lines = [
        "| scenario | " + " | ".join(f"{size:,} cases" for size in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for name in names:
        cells = []
        for size in sizes:
            row = next((r for r in results[size] if r["scenario"] == name), None)
            cells.append(f"{_number(row['figure'])} {row['unit']}" if row else "—")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def print_table(database: str, results: dict) -> None:
    largest = max(results)
    print(f"\n{database}, {largest:,} cases")
    for line in table(results[largest]):
        print(line)
    print("\ngrowth")
    for line in growth(results):
        print(line)


def machine() -> str:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}"


def commit() -> str:
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    # BENCHMARKS.md is this run's own output, not a change to what is measured
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!BENCHMARKS.md")
    return commit + (" (with uncommitted changes)" if changed else "")


def _database_version(database: str, postgres_url: str) -> str:
    if database == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (WAL)"
    import psycopg

    with psycopg.connect(postgres_url) as connection:
        return connection.execute("SHOW server_version").fetchone()[0].join(["PostgreSQL ", ""])


def write_section(path: Path, mode: str, database: str, results: dict, *, postgres_url: str) -> None:
    key = f"{mode}-{database}"
    largest = max(results)
    body = [
        START.format(key=key),
        f"### {mode} · {database}",
        "",
        f"{datetime.now():%Y-%m-%d %H:%M} · commit {commit()} · "
        f"{_database_version(database, postgres_url)} · {machine()}",
        "",
        f"At {largest:,} cases:",
        "",
        *table(results[largest]),
        "",
        "Growth:",
        "",
        *growth(results),
        END.format(key=key),
    ]
    replace_section(path, key, body)


def replace_section(path: Path, key: str, body: list[str]) -> None:
    """Put `body` (which starts and ends with the key's markers) in place of the key's section, or add it
    above the hand-written analysis."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(START.format(key=key)) + ".*?" + re.escape(END.format(key=key)), re.S)
    section = "\n".join(body)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    elif "\n## " in text:  # a new section goes above the hand-written analysis
        head, _, tail = text.partition("\n## ")
        text = head.rstrip() + "\n\n" + section + "\n\n## " + tail
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)

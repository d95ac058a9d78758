"""How often the duplicate proposals (并单) are right, on the demo city and on the bench city, written into
BENCHMARKS.md (section `duplicates`).

    python -m bench.duplicates              # or: make bench-duplicates
    python -m bench.duplicates --no-write   # print only

Neither generator makes duplicates of its own (each case is drawn independently), so known ones are
injected: open cases are picked at random as originals, and each gets one to three more reports through
the real intake service, placed within 60 % of its category's radius (a stall moves, a manhole does not)
and reported up to half its time window later (at most 24 h), with a text that is either the original's
reworded (words dropped, a phrase added, as a second caller says the same thing) or a new description of
the same category from the demo's phrase book (a caller who says it quite differently). Then, as the
desk does, each case's proposals are read (`cases.proposals.with_duplicates`):

- for each injected report: a proposal is right when it names its original or another report of the
  same problem; **precision** = right / all proposals; **recall** = injected reports with a right one;
- for as many other open cases (nobody reported them twice; topped up with cases in other states where
  too few are open): every proposal is a false alarm.

The overall precision counts both sets' proposals. Each city runs in its own process on a fresh SQLite
database under var/bench/duplicates-<city>/."""

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORIGINALS = 150
FILLERS = ("又有", "还是", "今天", "请尽快处理", "影响通行", "好几天了", "麻烦管一下", "市民反映")


def _setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def reword(rng: random.Random, text: str) -> str:
    """The same complaint in another caller's words: some characters dropped, a phrase or two added."""
    kept = "".join(ch for ch in text if rng.random() > 0.2)
    before, after = rng.sample(FILLERS, 2)
    return f"{before}{kept}，{after}" if rng.random() < 0.5 else f"{kept}{after}"


def _build(city: str) -> str:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if city == "demo":
        from chengguan.demo.builder import build_demo_city

        summary = build_demo_city(cases=400)
        return f"demo city, {sum(summary.cases.by_state.values()) if summary.cases else 0} cases"
    from .city import build_city, scale_for

    built = build_city(scale_for(10_000), progress=lambda text: print(text, file=sys.stderr, flush=True))
    return f"bench city, {built.cases:,} cases"


def _inject(rng: random.Random) -> tuple[dict[int, set[int]], list[int]]:
    """Known duplicates: {injected case id: ids of its problem's other reports}, and the originals."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from chengguan.cases import services
    from chengguan.cases.models import Case
    from chengguan.cases.states import OPEN, Channel
    from chengguan.core.geo import EARTH_RADIUS_M
    from chengguan.demo import case_texts

    now = timezone.now()
    candidates = list(
        Case.objects.filter(state__in=OPEN, category__parent__isnull=False, lng__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    originals = Case.objects.select_related("category").in_bulk(rng.sample(candidates, ORIGINALS))
    groups: dict[int, set[int]] = {}
    for original in originals.values():
        category = original.category
        reports = [original.pk]
        for _n in range(rng.choice((1, 1, 2, 3))):
            metres = rng.uniform(0, 0.6 * category.duplicate_radius)
            bearing = rng.uniform(0, 2 * math.pi)
            dlat = math.degrees(metres * math.cos(bearing) / EARTH_RADIUS_M)
            dlng = math.degrees(metres * math.sin(bearing) / EARTH_RADIUS_M) / math.cos(
                math.radians(original.lat)
            )
            if rng.random() < 0.5:
                text = reword(rng, original.description)
            else:
                words = case_texts.place_words(rng, "百牙社区")
                text = case_texts.describe(rng, category.code, category.name, words)
            case = services.report_case(
                description=text,
                channel=Channel.WEB,
                lng=original.lng + dlng,
                lat=original.lat + dlat,
                category=category,
                actor=AnonymousUser(),
            ).case
            later = timedelta(hours=rng.uniform(0, min(24, category.duplicate_window / 2)))
            Case.objects.filter(pk=case.pk).update(reported_at=min(now, original.reported_at + later))
            reports.append(case.pk)
        for pk in reports[1:]:
            groups[pk] = set(reports) - {pk}
    return groups, list(originals)


def measure(city: str) -> dict:
    _setup()
    from chengguan.cases.models import Case
    from chengguan.cases.proposals import with_duplicates
    from chengguan.cases.states import OPEN

    rng = random.Random(f"duplicates:{city}")
    started = time.monotonic()
    description = _build(city)
    build_seconds = time.monotonic() - started
    groups, originals = _inject(rng)
    known = set(groups) | set(originals)
    others = list(
        Case.objects.filter(state__in=OPEN, category__parent__isnull=False, lng__isnull=False)
        .exclude(pk__in=known)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    clean = rng.sample(others, min(len(groups), len(others)))
    if len(clean) < len(groups):  # few open cases (the bench city's are its last days'): any other case too
        rest = list(
            Case.objects.filter(category__parent__isnull=False, lng__isnull=False)
            .exclude(pk__in=known | set(clean))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        clean += rng.sample(rest, min(len(groups) - len(clean), len(rest)))
    everything = Case.objects.select_related("category")
    right = wrong = found = false_alarms = alarmed = 0
    started = time.monotonic()
    for pk in groups:
        case = everything.get(pk=pk)
        proposals = with_duplicates(everything, [case])[0].duplicates
        hits = sum(1 for p in proposals if p.case_id in groups[pk])
        right, wrong, found = right + hits, wrong + len(proposals) - hits, found + bool(hits)
    for pk in clean:
        proposals = with_duplicates(everything, [everything.get(pk=pk)])[0].duplicates
        false_alarms, alarmed = false_alarms + len(proposals), alarmed + bool(proposals)
    seconds = time.monotonic() - started
    return {
        "city": city,
        "description": description,
        "build_seconds": round(build_seconds),
        "originals": len(originals),
        "injected": len(groups),
        "right": right,
        "wrong": wrong,
        "found": found,
        "clean": len(clean),
        "false_alarms": false_alarms,
        "alarmed": alarmed,
        "ms_per_case": round(seconds * 1000 / (len(groups) + len(clean)), 2),
    }


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "—"


def section(results: list[dict]) -> list[str]:
    from .report import END, START, commit, machine

    lines = [
        START.format(key="duplicates"),
        "### duplicate proposals (并单)",
        "",
        f"{datetime.now():%Y-%m-%d %H:%M} · commit {commit()} · {machine()} · `python -m bench.duplicates`",
        "",
        "| city | known duplicates injected | precision on them | recall | other cases | with a false "
        "proposal | overall precision | ms per case |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        proposals = r["right"] + r["wrong"]
        lines.append(
            f"| {r['description']} | {r['injected']} (of {r['originals']} problems) | "
            f"{_ratio(r['right'], proposals)} ({r['right']}/{proposals}) | "
            f"{_ratio(r['found'], r['injected'])} | "
            f"{r['clean']} | {r['alarmed']} ({r['false_alarms']} proposals) | "
            f"{_ratio(r['right'], proposals + r['false_alarms'])} | {r['ms_per_case']} |"
        )
    lines += [
        "",
        "Precision: the share of proposals for the injected reports that name a report of the same problem; "
        "recall: the injected reports with at least one such proposal; overall precision counts the false "
        "proposals on as many other open cases too. How the duplicates are made: the docstring of "
        "bench/duplicates.py.",
        END.format(key="duplicates"),
    ]
    return lines


def run_city(city: str) -> dict:
    data_dir = ROOT / "var" / "bench" / f"duplicates-{city}"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CHENGGUAN_DATA_DIR")}
    env.update(PYTHONPATH=str(ROOT), CHENGGUAN_DATA_DIR=str(data_dir))
    print(f"{city} city …", flush=True)
    done = subprocess.run(
        [sys.executable, "-m", "bench.duplicates", "--city", city],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.duplicates", description=__doc__.split("\n\n")[0])
    parser.add_argument("--city", choices=("demo", "bench"), help="measure one city in this process")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    if args.city:
        print(json.dumps(measure(args.city)))
        return
    results = [run_city("demo"), run_city("bench")]
    lines = section(results)
    print("\n".join(lines))
    if not args.no_write:
        from .report import replace_section

        replace_section(ROOT / "BENCHMARKS.md", "duplicates", lines)


if __name__ == "__main__":
    main()

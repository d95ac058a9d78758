from django.core.management.base import BaseCommand, CommandError

from chengguan.demo.accounts import ensure_demo_authenticators
from chengguan.demo.builder import (
    DEFAULT_CELLS,
    DEFAULT_SEED,
    DEFAULT_STREETS,
    DemoError,
    build_demo_city,
    demo_exists,
    ensure_allowed,
    write_logins,
)
from chengguan.demo.cases import DEFAULT_CASES


class Command(BaseCommand):
    help = (
        "Build the demo county district 贵池区 (池州市, 341702): streets, communities, ~100 m grid "
        "cells with their four responsible tiers, the bureau and outside departments, 150+ staff, the "
        "category table with its routing, and one demo log-in per role. Deterministic for a given --seed. "
        "Refused where CHENGGUAN_DEMO_ALLOWED is false."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
        )
        parser.add_argument(
            "--streets",
            type=int,
            default=DEFAULT_STREETS,
            help=f"number of streets and towns (default {DEFAULT_STREETS})",
        )
        parser.add_argument(
            "--cells",
            type=int,
            default=DEFAULT_CELLS,
            help=f"at least this many grid cells (default {DEFAULT_CELLS}); "
            "blocks are rounded up to whole rectangles",
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=DEFAULT_CASES,
            help=f"demo cases in every state, built through the lifecycle (default {DEFAULT_CASES}; 0: none)",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--if-empty",
            action="store_true",
            help="if the demo district already exists, reuse it (print the log-ins) instead of failing",
        )
        mode.add_argument(
            "--reset", action="store_true", help="delete the existing demo data first, then rebuild"
        )

    def handle(self, *args, seed, streets, cells, cases, if_empty, reset, verbosity, **options):
        if cases < 0:
            raise CommandError("--cases must be 0 (no cases) or more.")
        try:
            ensure_allowed()
            if if_empty and demo_exists():
                ensure_demo_authenticators()
                if verbosity:
                    self.stdout.write("demo city already built, reusing it")
                    write_logins(self.stdout)
                return
            build_demo_city(
                seed=seed,
                streets=streets,
                cells=cells,
                cases=cases,
                reset=reset,
                stdout=self.stdout if verbosity else None,
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from exc

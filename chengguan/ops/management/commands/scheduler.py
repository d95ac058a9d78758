import signal
import time

from django.core.management.base import BaseCommand, CommandError

from chengguan.ops import scheduler
from chengguan.ops.jobs import BY_NAME, JOBS


class Command(BaseCommand):
    help = (
        "Run every periodic job of chengguan when it is due (supervision, notices, evaluation rounds, "
        "campaign reports, assessment reports, classifier training, audit checkpoint, pruning). Safe to "
        "start on every node: each job takes a lock and runs once per interval across all of them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass over the due jobs, then exit")
        parser.add_argument("--tick", type=float, default=15.0, help="seconds between passes (default 15)")
        parser.add_argument("--jobs", default="", help="comma-separated job names (default: all)")

    def handle(self, *args, once=False, tick=15.0, jobs="", **options):
        chosen = [name.strip() for name in jobs.split(",") if name.strip()]
        unknown = [name for name in chosen if name not in BY_NAME]
        if unknown:
            raise CommandError(f"Unknown job(s): {', '.join(unknown)}. Jobs: {', '.join(BY_NAME)}.")
        selected = [BY_NAME[name] for name in chosen] or JOBS
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        while True:
            for run in scheduler.run_due(selected):
                self.stdout.write(f"{run.job}: {run.outcome} in {run.duration:.1f} s")
            if once or stopping:
                return
            deadline = time.monotonic() + tick
            while time.monotonic() < deadline and not stopping:
                time.sleep(min(1.0, tick))

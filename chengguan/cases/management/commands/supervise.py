import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from chengguan.cases import supervision


class Command(BaseCommand):
    help = (
        "督办: mark cases a department holds as due soon or overdue and send supervision notices to the "
        "department's handlers and leader (once per level; overdue notices repeat every working day and "
        "from the second one on are escalated to the shift leads). Run it every few minutes from cron or "
        "a systemd timer, or keep it running with --loop."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be sent and change nothing"
        )
        parser.add_argument(
            "--now",
            metavar="ISO",
            help="check as of this moment instead of the clock, e.g. 2026-03-02T10:30 (the bureau's time "
            "zone unless one is given); for tests and demos",
        )
        parser.add_argument(
            "--loop",
            type=float,
            metavar="SECONDS",
            help="run again every SECONDS seconds until interrupted (Ctrl-C, SIGTERM)",
        )

    def handle(self, *args, dry_run, now, loop, verbosity, **options):
        moment = None
        if now:
            try:
                moment = supervision.parse_moment(now)
            except ValueError as exc:
                raise CommandError(f"--now: {exc}.") from None
        if loop is not None:
            if loop <= 0:
                raise CommandError("--loop takes a number of seconds above zero, e.g. --loop 300.")
            if moment is not None:
                raise CommandError("--now fixes the moment, so it cannot be combined with --loop.")
            self._loop(loop, dry_run=dry_run, verbosity=verbosity)
            return
        report = supervision.supervise(now=moment, dry_run=dry_run)
        self._write(report, verbosity)
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} case(s) could not be checked (ids {', '.join(report.failed[:10])}); "
                "see the log."
            )

    def _loop(self, seconds: float, *, dry_run: bool, verbosity: int) -> None:
        previous = signal.signal(signal.SIGTERM, _interrupt)  # systemd stops us with SIGTERM
        try:
            while True:
                close_old_connections()
                try:
                    self._write(supervision.supervise(dry_run=dry_run), verbosity)
                except Exception as exc:  # a database hiccup must not end the loop; the next run retries
                    self.stderr.write(f"supervision run failed: {exc}")
                close_old_connections()
                time.sleep(seconds)
        except KeyboardInterrupt:
            self.stdout.write("stopped")
        finally:
            signal.signal(signal.SIGTERM, previous)

    def _write(self, report: supervision.Report, verbosity: int) -> None:
        if verbosity == 0:
            return
        if verbosity > 1 or report.dry_run:
            verb = "would send" if report.dry_run else "sent"
            for notice in report.notices:
                self.stdout.write(
                    f"  {verb} {notice.level} notice {notice.sequence} for {notice.number} "
                    f"({notice.department}) to {notice.recipients} people"
                )
        when = timezone.localtime(report.now).strftime("%Y-%m-%d %H:%M")
        notices = f"{len(report.notices)} notices {'would be sent' if report.dry_run else 'sent'}"
        self.stdout.write(
            f"{'[dry run] ' if report.dry_run else ''}supervision at {when}: checked {report.checked} "
            f"cases, due soon {report.due_soon}, overdue {report.overdue}, escalated {report.escalated}, "
            f"{notices}, {report.cleared} marks cleared"
            + (f", {len(report.failed)} failed" if report.failed else "")
        )


def _interrupt(signum, frame):
    raise KeyboardInterrupt

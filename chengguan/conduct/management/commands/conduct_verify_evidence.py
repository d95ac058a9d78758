"""Check enforcement evidence: every stored file (or one action's) against the SHA-256 recorded when it
was stored, or an exported archive against its manifest. Exits non-zero naming every altered file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chengguan.conduct import evidence
from chengguan.conduct.models import EnforcementAction


class Command(BaseCommand):
    help = (
        "Verify enforcement evidence: the stored files of every action (or --action N) against their "
        "recorded SHA-256, or an exported archive (--archive FILE) against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("--action", type=int, help="Check only this enforcement action.")
        parser.add_argument("--archive", help="Check an exported archive (.zip) instead of the stored files.")

    def handle(self, *args, action=None, archive=None, **options):
        if archive:
            path = Path(archive)
            if not path.is_file():
                raise CommandError(f"{archive}: no such file.")
            result = evidence.verify_archive(path.read_bytes())
            return self._report(result, f"archive {path.name}")
        actions = EnforcementAction.objects.order_by("pk")
        if action is not None:
            actions = actions.filter(pk=action)
            if not actions.exists():
                raise CommandError(f"There is no enforcement action #{action}.")
        problems, checked = [], 0
        for item in actions.iterator():
            result = evidence.verify_action(item)
            checked += result.checked
            problems.extend(f"action #{item.pk}: {p}" for p in result.problems)
        return self._report(evidence.Check(checked, problems), "stored evidence")

    def _report(self, result, what: str) -> None:
        if not result.ok:
            raise CommandError(f"{what}: {len(result.problems)} problem(s):\n" + "\n".join(result.problems))
        self.stdout.write(f"{what}: {result.checked} file(s) checked, all unaltered.")

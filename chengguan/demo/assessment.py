"""Demo assessment data, made through the assessment services: last month's figures published (every
ranking) and last month's report generated, by the demo leader. `delete_demo_assessment` removes what
the demo accounts made (run before the accounts go, see builder.delete_demo_city)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from chengguan.assessment import periods, services
from chengguan.assessment.models import AssessmentEvent, Report, Snapshot

from .accounts import demo_usernames

DEMO_ACTOR = "leader"


def build_demo_assessment() -> int:
    """Publish last month's figures and generate its report; returns the number of snapshots."""
    leader = get_user_model().objects.filter(username=DEMO_ACTOR).first()
    if leader is None:
        return 0
    services.load_default_indicators(actor=services.SETUP_ACTOR)  # lost where a test flushed the database
    period = periods.previous_month(periods.this_month())
    snapshots = services.ensure_snapshots(actor=leader, period=period)
    services.generate_report(actor=leader, period=period)
    return len(snapshots)


def delete_demo_assessment() -> None:
    users = get_user_model().objects.filter(username__in=demo_usernames())
    for report in Report.objects.filter(generated_by__in=users):
        for file in (report.pdf, report.xlsx):
            if file.name:
                file.storage.delete(file.name)
        report.delete()
    AssessmentEvent.objects.filter(Q(actor__in=users) | Q(snapshot__computed_by__in=users)).delete()
    Snapshot.objects.filter(computed_by__in=users).delete()

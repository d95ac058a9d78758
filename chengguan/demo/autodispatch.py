"""Auto-dispatch (智能派单) in the demo city: two categories whose reports the classifier knows well —
street lamps and cars parked where they block the way — go straight to their departments from 80 %
confidence on, and new reports show it happening (the dispatcher's desk lists them under
"auto-dispatched", each with its reason on the timeline and a pull-back button)."""

import random

from chengguan.cases import services
from chengguan.cases.models import Case
from chengguan.cases.states import Channel
from chengguan.core.actors import SystemActor
from chengguan.taxonomy.models import Category

from . import case_texts

AUTO_CATEGORIES = ("B0113", "S0505")  # 路灯, 机动车乱停放: words no other category of the demo uses
THRESHOLD = "0.80"
ATTEMPTS = 3  # demo reports per category at most, until one is dispatched (the others wait on the desk)
ACTOR = SystemActor("demo")


def build_demo_auto_dispatch(*, seed: int = 0) -> list[Case]:
    """Enable the rules, then file new reports of each category and let the system dispatch them (up to
    `ATTEMPTS` per category, until one goes). Returns the new cases (dispatched when the classifier was
    sure enough, else waiting on the desk)."""
    categories = {c.code: c for c in Category.objects.filter(code__in=AUTO_CATEGORIES)}
    for code in AUTO_CATEGORIES:
        if code in categories:
            services.set_auto_dispatch(
                category=categories[code], actor=ACTOR, enabled=True, threshold=THRESHOLD
            )
    placed = Case.objects.exclude(lng=None).exclude(community=None).select_related("community").first()
    if placed is None:  # a city without cases: the rules alone
        return []
    rng = random.Random(f"{seed}:auto-dispatch")
    cases = []
    for code, category in categories.items():
        for attempt in range(ATTEMPTS):
            words = case_texts.place_words(rng, placed.community.name)
            text = case_texts.describe(rng, code, category.name, words)
            case = services.report_case(
                description=text,
                channel=Channel.WEB,
                lng=placed.lng,
                lat=placed.lat,
                intake_key=f"demo-auto-dispatch-{code}-{attempt}",
                actor=ACTOR,
            ).case
            cases.append(case)
            if services.auto_dispatch_case(case_id=case.pk, actor=services.auto.SYSTEM).dispatched:
                break
    return cases


def delete_demo_auto_dispatch() -> None:
    from chengguan.cases.models import AutoDispatchRule

    AutoDispatchRule.objects.filter(
        category__code__in=AUTO_CATEGORIES, updated_by=ACTOR.get_username()
    ).delete()

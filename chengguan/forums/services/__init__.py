"""Every write of the forums app, for views, commands, the demo and tests:

from chengguan.forums import services as forums
schedule = forums.set_schedule(actor=officer, community=area, department=street_office, interval_months=1)
forum = forums.schedule_forum(actor=user, schedule_id=schedule.pk, day=…, place="社区会议室")
forums.add_participant(actor=user, forum_id=forum.pk, kind="resident", name="王大妈")
forums.hold_forum(actor=user, forum_id=forum.pk, minutes="…")  # scheduled → held (minuted)
opinion = forums.record_opinion(actor=user, forum_id=forum.pk, text="…")
forums.refer_opinion(actor=user, opinion_id=opinion.pk, category=…)  # a case, answered when it closes
forums.answer_opinion(actor=user, opinion_id=…, answer="…")  # or answered directly
forums.send_reminders(actor=forums.REMINDERS_ACTOR)  # the periodic job
"""

from .common import REMINDERS_ACTOR as REMINDERS_ACTOR
from .common import Code as Code
from .common import ForumRefused as ForumRefused
from .opinions import ORIGIN_TYPE as ORIGIN_TYPE
from .opinions import answer_opinion, record_opinion, refer_opinion
from .reminders import send_reminders
from .schedules import (
    add_participant,
    cancel_forum,
    hold_forum,
    remove_participant,
    schedule_forum,
    set_schedule,
)

# The services (constants and the refusal are importable too, but are not services).
__all__ = [
    "add_participant",
    "answer_opinion",
    "cancel_forum",
    "hold_forum",
    "record_opinion",
    "refer_opinion",
    "remove_participant",
    "schedule_forum",
    "send_reminders",
    "set_schedule",
]

"""Every write on notices (公示), for views, commands and other modules:

from chengguan.notices import services as notices
notice = notices.create_notice(actor=user, title=…, body=…, owner_department=dept,
                               subject_type="conduct.star_of_month", subject_id=star.pk)
notices.publish_notice(notice_id=notice.pk, actor=user)
notices.register_outcome_handler("conduct.star_of_month", on_outcome)  # (notice, outcome)
notices.close_due_notices(actor=notices.CLOSE_ACTOR)  # the periodic job
notices.file_objection(actor=notices.PUBLIC, notice_id=…, name=…, phone=…, text=…)  # the public page
"""

from .common import (
    CLOSE_ACTOR,
    OUTCOME_ACTOR,
    PUBLIC,
    Code,
    NoticeRefused,
    Outcome,
    holding_objections,
    register_outcome_handler,
    unregister_outcome_handler,
)
from .objections import (
    close_due_notices,
    decide_objection,
    file_objection,
    is_open_for_objections,
    retry_outcome,
    reveal_objector,
    revise_notice,
)
from .publishing import create_notice, publish_notice, update_draft, withdraw_notice

__all__ = [
    "CLOSE_ACTOR",
    "OUTCOME_ACTOR",
    "PUBLIC",
    "Code",
    "NoticeRefused",
    "Outcome",
    "close_due_notices",
    "create_notice",
    "decide_objection",
    "file_objection",
    "holding_objections",
    "is_open_for_objections",
    "publish_notice",
    "register_outcome_handler",
    "retry_outcome",
    "reveal_objector",
    "revise_notice",
    "unregister_outcome_handler",
    "update_draft",
    "withdraw_notice",
]

"""The vocabulary of the case lifecycle: states, actions, channels, ratings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    REPORTED = "reported", _("reported")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    DISPATCHED = "dispatched", _("dispatched")
    IN_PROGRESS = "in_progress", _("in progress")
    HANDLED = "handled", _("handled")
    REWORK = "rework", _("returned for rework")
    VERIFIED = "verified", _("verified")
    CLOSED = "closed", _("closed")
    SENT_BACK = "sent_back", _("sent back")
    SUSPENDED = "suspended", _("suspended")
    MERGED = "merged", _("merged as a duplicate")


# States in which a department holds the case and its deadline runs.
WITH_DEPARTMENT = frozenset({State.DISPATCHED, State.IN_PROGRESS, State.REWORK})
# States that are over: nothing runs and nothing is due.
FINISHED = frozenset({State.REJECTED, State.CLOSED, State.MERGED})
OPEN = frozenset(State) - FINISHED


class Action(models.TextChoices):
    REPORT = "report", _("report")
    ACCEPT = "accept", _("accept")
    REJECT = "reject", _("reject")
    DISPATCH = "dispatch", _("dispatch")
    START = "start", _("start handling")
    REPORT_HANDLED = "report_handled", _("report handling done")
    VERIFY_PASS = "verify_pass", _("verify: passed")
    VERIFY_FAIL = "verify_fail", _("verify: failed, rework")
    CLOSE = "close", _("close")
    SEND_BACK = "send_back", _("send back as not our duty")
    REQUEST_EXTENSION = "request_extension", _("request an extension")
    APPROVE_EXTENSION = "approve_extension", _("approve the extension")
    REFUSE_EXTENSION = "refuse_extension", _("refuse the extension")
    REQUEST_SUSPENSION = "request_suspension", _("request suspension")
    APPROVE_SUSPENSION = "approve_suspension", _("approve the suspension")
    REFUSE_SUSPENSION = "refuse_suspension", _("refuse the suspension")
    RESUME = "resume", _("resume")
    REOPEN = "reopen", _("reopen")
    MERGE = "merge", _("merge into another case as a duplicate")
    UNMERGE = "unmerge", _("undo the merge")
    PULL_BACK = "pull_back", _("pull back from auto-dispatch")
    # Events that are not transitions: they are recorded on the timeline but do not change the state.
    SUPERVISE = "supervise", _("supervision notice")
    URGE = "urge", _("urge (督办)")
    FOLLOW_UP = "follow_up", _("follow-up rating")
    COMMENT = "comment", _("comment")
    SUPPORT = "support", _("support from another reporter")
    MERGE_IN = "merge_in", _("a duplicate merged in")
    MERGE_OUT = "merge_out", _("a merged duplicate taken out again")


class RefusalCode(models.TextChoices):
    """The stable codes of the cases refusals (`workflow.CaseRefused` and its subclasses): API clients
    read them from the 409 answer's `code`."""

    INVALID_STATE = "invalid_state", _("not possible in the case's state")
    FORBIDDEN_ROLE = "forbidden_role", _("the user's roles do not allow it")
    FORBIDDEN_DEPARTMENT = "forbidden_department", _("the case is another department's")
    REQUEST_PENDING = "request_pending", _("a request is already waiting for a decision")
    NO_PENDING_REQUEST = "no_pending_request", _("no request is waiting for a decision")
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused", _("the idempotency key was used for another report")
    MERGE_SELF = "merge_self", _("a case cannot be merged into itself")
    MERGE_TARGET_FINISHED = "merge_target_finished", _("the case to merge into is finished")
    MERGE_CHAIN = "merge_chain", _("the merge would make a chain of merged cases")
    UNMERGE_TARGET_FINISHED = "unmerge_target_finished", _("the case merged into is finished")
    NOT_AUTO_DISPATCHED = "not_auto_dispatched", _("the case was not dispatched by the system")


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("hotline")
    WEB = "web", _("web portal")
    MOBILE = "mobile", _("mobile / WeChat")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    PATROL = "patrol", _("inspector patrol")
    VIDEO = "video", _("video surveillance")
    LEADER = "leader", _("leader instruction")
    MEDIA = "media", _("media / public opinion")
    EVALUATION = "evaluation", _("public evaluation")
    CAMPAIGN = "campaign", _("campaign inspection")
    CONDUCT = "conduct", _("conduct inspection")


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 5, _("very satisfied")
    SATISFIED = 4, _("satisfied")
    FAIRLY_SATISFIED = 3, _("fairly satisfied")
    UNSATISFIED = 2, _("unsatisfied")
    VERY_UNSATISFIED = 1, _("very unsatisfied")


class SupervisionLevel(models.TextChoices):
    NONE = "", _("on time")
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
    ESCALATED = "escalated", _("overdue, escalated")

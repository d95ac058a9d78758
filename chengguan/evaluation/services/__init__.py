"""Every write of the evaluation app, for views, commands, the demo and other modules:

from chengguan.evaluation import services as evaluation
round_ = evaluation.create_round(actor=user, title=…, owner_department=dept, start=…, end=…, max_choices=3,
                                 weights={"satisfaction": 60, "on_time": 20, "inspection": 20})
add_target(...), add_question(...), add_nominee(...), then open_round(...)
# public side (no account; actor=evaluation.PUBLIC): request_code → verify_code → cast_ballot /
# vote_nominees / submit_opinion
evaluation.close_ended_rounds(actor=evaluation.CLOSE_ACTOR)  # the periodic job
evaluation.close_round(...); evaluation.rank_round(...); evaluation.publish_ranking(...)
# opinions: triage_opinion, merge_opinions, split_opinion, set_aside, raise_rectification
"""

from .common import CLOSE_ACTOR, PUBLIC, Code, EvaluationRefused, keyed_hash
from .limits import RateLimited
from .opinions import merge_opinions, raise_rectification, set_aside, split_opinion, triage_opinion
from .ranking import SUBJECT_TYPE, on_notice_outcome, publish_ranking, rank_round
from .review import clear_flag, void_ballot
from .rounds import (
    add_nominee,
    add_question,
    add_target,
    close_ended_rounds,
    close_round,
    create_round,
    enter_inspection,
    open_round,
    remove_item,
    update_round,
)
from .voting import cast_ballot, request_code, submit_opinion, verify_code, vote_nominees, voter_hash_of

__all__ = [
    "CLOSE_ACTOR",
    "PUBLIC",
    "SUBJECT_TYPE",
    "Code",
    "EvaluationRefused",
    "RateLimited",
    "add_nominee",
    "add_question",
    "add_target",
    "cast_ballot",
    "clear_flag",
    "close_ended_rounds",
    "close_round",
    "create_round",
    "enter_inspection",
    "keyed_hash",
    "merge_opinions",
    "on_notice_outcome",
    "open_round",
    "publish_ranking",
    "raise_rectification",
    "rank_round",
    "remove_item",
    "request_code",
    "set_aside",
    "split_opinion",
    "submit_opinion",
    "triage_opinion",
    "update_round",
    "verify_code",
    "void_ballot",
    "vote_nominees",
    "voter_hash_of",
]

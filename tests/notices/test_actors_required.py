"""Every public service of notices, evaluation and assessment names who acts: called with `actor=None` it
refuses with MissingActor before it reads or writes anything (no permission check is skipped for a
missing actor). Outcome handlers and pure helpers (no actor: they decide nothing) are listed apart."""

import inspect

import pytest

from chengguan.assessment import services as assessment
from chengguan.core.refusals import MissingActor
from chengguan.evaluation import services as evaluation
from chengguan.notices import services as notices

pytestmark = pytest.mark.django_db

NOT_SERVICES = {
    # reads, registries and hashing: nothing is written, nobody acts
    "holding_objections",
    "is_open_for_objections",
    "register_outcome_handler",
    "unregister_outcome_handler",
    "keyed_hash",
    "voter_hash_of",
    # outcome handlers registered with notices: the notice's outcome acts (notices.OUTCOME_ACTOR)
    "on_notice_outcome",
}


def public_services():
    for module in (notices, evaluation, assessment):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value) and name not in NOT_SERVICES:
                yield pytest.param(value, id=f"{module.__name__.split('.')[1]}.{name}")


def arguments_for(function) -> dict:
    """`actor=None` and a placeholder for every other required argument."""
    parameters = inspect.signature(inspect.unwrap(function)).parameters
    assert "actor" in parameters, f"{function.__name__} does not take an actor"
    actor = parameters["actor"]
    assert actor.kind is inspect.Parameter.KEYWORD_ONLY and actor.default is inspect.Parameter.empty
    return {
        name: None
        for name, parameter in parameters.items()
        if parameter.default is inspect.Parameter.empty and parameter.kind is inspect.Parameter.KEYWORD_ONLY
    }


@pytest.mark.parametrize("service", list(public_services()))
def test_every_public_service_refuses_a_missing_actor(service):
    with pytest.raises(MissingActor):
        service(**arguments_for(service))


def test_the_list_is_complete():
    names = {p.id.split(".", 1)[1] for p in public_services()}
    assert {"create_notice", "file_objection", "close_due_notices", "cast_ballot"} <= names
    assert {"close_ended_rounds", "compute_snapshot", "generate_report", "load_default_indicators"} <= names

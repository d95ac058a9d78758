"""Every public service of cases names who acts: called with `actor=None` it refuses with MissingActor
before it reads or writes anything."""

import inspect

import pytest

from chengguan.cases import services
from chengguan.cases.models import Case, CaseEvent
from chengguan.core.refusals import MissingActor

pytestmark = pytest.mark.django_db


def _functions():
    for name in services.__all__:
        value = getattr(services, name)
        if inspect.isfunction(value):
            yield name, value


def _arguments(function) -> dict:
    """Plausible values for every required argument but the actor."""
    values = {
        "case_id": 1,
        "case_ids": [1],
        "case": Case(pk=1, number="x"),
        "token": "t",
        "rating": 5,
        "reason": "r",
        "note": "n",
        "working_days": 1,
        "approve": True,
        "passed": True,
        "description": "d",
        "channel": "web",
        "category": "B0113",
        "into": "2026120100001",
        "enabled": True,
    }
    arguments = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "actor" or parameter.default is not inspect.Parameter.empty:
            continue
        arguments[name] = values[name]
    return arguments


def test_the_list_covers_every_public_function():
    names = {name for name, _f in _functions()}
    assert {"report_case", "dispatch_case", "support_case", "answer_follow_up", "reveal_reporter"} <= names
    assert len(names) >= 20


@pytest.mark.parametrize("name", [name for name, _f in _functions()])
def test_every_public_service_refuses_a_missing_actor(name):
    function = getattr(services, name)
    parameter = inspect.signature(function).parameters["actor"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is inspect.Parameter.empty
    with pytest.raises(MissingActor):
        function(actor=None, **_arguments(function))
    assert not CaseEvent.objects.exists()

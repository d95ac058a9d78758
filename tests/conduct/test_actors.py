"""Every public service of conduct and campaigns names who acts: called with `actor=None` it refuses with
MissingActor before it reads or writes anything."""

import inspect

import pytest

from chengguan.campaigns import services as campaigns
from chengguan.conduct import services as conduct
from chengguan.core.refusals import MissingActor


def public_services(module):
    found = []
    for name in module.__all__:
        func = getattr(module, name)
        if not inspect.isfunction(func):
            continue
        params = inspect.signature(func).parameters
        if "actor" in params and params["actor"].kind is inspect.Parameter.KEYWORD_ONLY:
            assert params["actor"].default is inspect.Parameter.empty, f"{name}: actor has a default"
            found.append((name, func))
    return found


SERVICES = [("conduct", *s) for s in public_services(conduct)] + [
    ("campaigns", *s) for s in public_services(campaigns)
]


def test_the_list_is_complete():
    names = {name for _app, name, _func in SERVICES}
    assert {
        "add_unit_account",
        "register_unit",
        "launch_campaign",
        "check_reports",
        "settle_application_notice",
        "settle_results_notice",
        "record_enforcement_action",
        "record_finding",
        "decide_star",
        "settle_star_notice",
        "record_training",
    } <= names
    assert len(SERVICES) >= 29


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "name", "func"), SERVICES, ids=[f"{a}.{n}" for a, n, _f in SERVICES])
def test_every_public_service_refuses_a_missing_actor(app, name, func):
    params = inspect.signature(func).parameters
    kwargs = {
        param: None
        for param, spec in params.items()
        if spec.kind is inspect.Parameter.KEYWORD_ONLY and spec.default is inspect.Parameter.empty
    }
    kwargs["actor"] = None
    with pytest.raises(MissingActor):
        func(**kwargs)

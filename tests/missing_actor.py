"""A check every app's tests can make: each public service of a module refuses to run without an actor.

`assert_services_require_actor(module)` calls every public function defined in the module (or listed in
its `__all__`) that takes an `actor` keyword, with `actor=None` and placeholders for its other required
arguments, and asserts `MissingActor`. The actor check must come first, before anything is read or
written, so placeholders are enough. Functions that take no `actor` are listed in the failure message
unless named in `exempt`."""

import inspect
from types import ModuleType

import pytest

from chengguan.core.refusals import MissingActor


class _Placeholder:
    """Stands for any argument; any use of it other than passing it along fails loudly."""

    pk = id = 0

    def __repr__(self) -> str:
        return "<placeholder>"


def public_services(module: ModuleType) -> dict:
    names = getattr(module, "__all__", None) or [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and inspect.isfunction(value)
        and getattr(value, "__module__", "") == module.__name__
    ]
    return {name: getattr(module, name) for name in names}


def assert_services_require_actor(module: ModuleType, *, exempt: set[str] = frozenset()) -> list[str]:
    """Assert MissingActor from each public service called with actor=None; returns the names checked."""
    checked, without_actor = [], []
    for name, function in sorted(public_services(module).items()):
        if name in exempt:
            continue
        parameters = inspect.signature(function).parameters
        if "actor" not in parameters:
            without_actor.append(name)
            continue
        assert parameters["actor"].default is inspect.Parameter.empty, f"{name}: actor has a default"
        arguments, positional = {}, []
        for parameter in parameters.values():
            if parameter.name == "actor" or parameter.default is not inspect.Parameter.empty:
                continue
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if parameter.kind == parameter.POSITIONAL_ONLY:
                positional.append(_Placeholder())
            else:
                arguments[parameter.name] = _Placeholder()
        with pytest.raises(MissingActor):
            function(*positional, actor=None, **arguments)
        checked.append(name)
    assert not without_actor, f"{module.__name__}: public services without an actor: {without_actor}"
    assert checked, f"{module.__name__} has no public services to check"
    return checked

"""The field app's tests use the cases fixtures: a small grid, the default departments and category table,
one account per role and a case builder."""

from tests.cases.conftest import (  # noqa: F401
    categories,
    departments,
    grid,
    make_case,
    media,
    people,
)

"""The console's lists: right counts, scoped to the user, and a fixed number of queries whatever their
length."""

import re

import pytest
from django.urls import reverse

from chengguan.campaigns import selectors, services

from .conftest import apply

pytestmark = pytest.mark.django_db


def test_the_unit_register_counts_applications_and_log_ins_apart(client, org, campaign, units):
    apply(campaign, units.site)  # one application …
    for name in ("site-2", "site-3"):  # … and three log-ins
        services.add_unit_account(actor=org.officer, unit_id=units.site.pk, username=name)
    row = selectors.unit_register(org.officer).get(pk=units.site.pk)
    assert (row.applications_count, row.accounts) == (1, 3)
    client.force_login(org.officer)
    page = client.get(reverse("campaigns:units")).content.decode()
    cells = re.search(rf'data-unit="{units.site.pk}">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", cells) == ["1", "3"]


def test_the_unit_register_is_the_civility_offices_only(org, units):
    assert not selectors.unit_register(org.handler).exists()
    assert selectors.unit_register(org.officer).count() == 5

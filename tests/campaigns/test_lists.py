"""The console's lists: right counts, scoped to the user, and a fixed number of queries whatever their
length."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chengguan.campaigns import selectors, services
from chengguan.campaigns.models import (
    Application,
    ApplicationState,
    Finding,
    Inspection,
    InspectionKind,
    ItemScore,
    Unit,
    UnitKind,
    UnitMember,
)
from tests.factories import UserFactory

from .conftest import START, apply

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


# --- a fixed number of queries whatever the length ------------------------------------------------------

ROWS = 30


def make_rows(org, campaign, n, start=0):
    """n units, each with two log-ins and an accepted application inspected once, with an item score and a
    finding; and n more campaigns."""
    items = list(campaign.standards.all()[:1])
    for i in range(start, start + n):
        unit = Unit.objects.create(name=f"单位{i:03d}", kind=UnitKind.SHOP, contact_phone="13905661234")
        for k in range(2):
            UnitMember.objects.create(unit=unit, user=UserFactory(username=f"u{i}-{k}"))
        application = Application.objects.create(
            campaign=campaign,
            unit=unit,
            statement="申请",
            submitted_at=timezone.now(),
            state=ApplicationState.ACCEPTED,
        )
        inspection = Inspection.objects.create(
            application=application,
            kind=InspectionKind.INSPECTION,
            done_on=timezone.localdate(),
            by=org.inspector,
            total=Decimal("90.0"),
        )
        ItemScore.objects.create(inspection=inspection, item=items[0], points=Decimal("1.0"))
        Finding.objects.create(inspection=inspection, item=items[0], text=f"问题{i}")
        services.launch_campaign(
            actor=org.officer,
            blueprint="wujin",
            owner_department=org.office,
            starts_on=START,
            code=f"extra-{i}",
        )


def count(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


APPLICATION_PAGE_QUERIES = 16

# page, the most queries it may make over 30 rows
PAGES = {
    "campaigns": ("campaigns:list", 8),
    "applications": ("campaigns:dashboard", 21),
    "units": ("campaigns:units", 8),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_campaign_list_makes_a_fixed_number_of_queries(
    client, org, campaign, page, django_assert_max_num_queries
):
    name, limit = PAGES[page]
    url = reverse(name, args=[campaign.pk]) if name == "campaigns:dashboard" else reverse(name)
    make_rows(org, campaign, 1)
    one = count(client, org.officer, url)
    make_rows(org, campaign, ROWS - 1, start=1)
    client.force_login(org.officer)
    with django_assert_max_num_queries(limit):
        client.get(url)
    assert count(client, org.officer, url) == one, page


def test_an_applications_inspections_make_a_fixed_number_of_queries(
    client, org, accepted, django_assert_max_num_queries
):
    """The application's page lists its inspections' scores, findings and photos."""
    application = accepted.site
    item = application.campaign.standards.first()

    def inspect(n):
        for i in range(n):
            inspection = Inspection.objects.create(
                application=application,
                kind=InspectionKind.INSPECTION,
                done_on=timezone.localdate(),
                by=org.inspector,
                total=Decimal("90.0"),
            )
            ItemScore.objects.create(inspection=inspection, item=item, points=Decimal("1.0"), evidence="扣分")
            Finding.objects.create(inspection=inspection, item=item, text=f"问题{i}")

    url = reverse("campaigns:application", args=[application.pk])
    inspect(1)
    one = count(client, org.officer, url)
    inspect(ROWS - 1)
    client.force_login(org.officer)
    with django_assert_max_num_queries(APPLICATION_PAGE_QUERIES):
        client.get(url)
    assert count(client, org.officer, url) == one

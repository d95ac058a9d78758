"""The notification centre: the bell opens the user's own notifications, newest first, read and unread, with
mark read / all read, each opening what it is about; the bell's count is polled without a reload."""

import pytest
from django.urls import reverse

from chengguan.core.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def note(user, subject="Case 2026120500001 dispatched to you", link="/cases/2026120500001/", **fields):
    return Notification.objects.create(recipient=user, subject=subject, link=link, **fields)


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_bell_links_to_the_notifications_page(client, user):
    note(user)
    html = client.get("/").content.decode()
    assert f'href="{reverse("notifications")}"' in html
    assert 'class="notify-count" aria-hidden="true">1<' in html


def test_page_lists_only_my_notifications_newest_first(client, user):
    first, second = note(user, subject="first"), note(user, subject="second")
    note(UserFactory(), subject="somebody else's")
    page = client.get(reverse("notifications")).context["page"]
    assert [n.pk for n in page] == [second.pk, first.pk]


def test_unread_filter_and_paging(client, user, django_assert_max_num_queries):
    for n in range(30):
        note(user, subject=f"n{n}")
    Notification.objects.filter(subject="n0").update(read_at="2026-12-01T08:00:00Z")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications"), {"unread": "1"})
    assert response.context["page"].paginator.count == 29
    assert len(response.context["page"]) == 25
    assert len(client.get(reverse("notifications"), {"page": "2"}).context["page"]) == 5


def test_opening_marks_read_and_goes_to_the_page_it_is_about(client, user):
    item = note(user)
    response = client.post(reverse("notification_open", args=[item.pk]))
    assert response.status_code == 302 and response["Location"] == "/cases/2026120500001/"
    item.refresh_from_db()
    assert item.read_at is not None


def test_an_outside_link_is_not_followed(client, user):
    item = note(user, link="https://evil.example/")
    response = client.post(reverse("notification_open", args=[item.pk]))
    assert response["Location"] == reverse("notifications")


def test_somebody_elses_notification_cannot_be_opened_or_marked(client, user):
    other = note(UserFactory())
    assert client.post(reverse("notification_open", args=[other.pk])).status_code == 404
    client.post(reverse("notifications_read"), {"id": [str(other.pk)]})
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_one_and_mark_all_read(client, user):
    a = note(user)
    note(user), note(user)
    client.post(reverse("notifications_read"), {"id": [str(a.pk), "x"]})
    assert Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 2
    client.post(reverse("notifications_read"), {"all": "1"})
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def test_count_for_the_bell(client, user):
    note(user), note(user)
    assert client.get(reverse("notification_count")).json() == {"unread": 2}


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("notifications"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(reverse("notification_count")).status_code == 302

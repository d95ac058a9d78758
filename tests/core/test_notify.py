import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from chengguan.core import notify
from chengguan.core.models import Notification, Outgoing
from chengguan.core.notify import outbox, sms
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

MESSAGE = notify.Message("Case 12 dispatched", "A stall blocks the pavement.", link="/cases/12/", kind="case")


class BrokenChannel:
    """A channel that always fails, configured by dotted path."""

    def send(self, recipients, message):
        raise ConnectionError("channel down")


@pytest.fixture(autouse=True)
def sms_outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the block as a transaction that commits: on-commit work (the sending task) runs at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_inbox_row_for_each_recipient_user_or_staff(commit):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    carol = StaffFactory(user__username="carol")
    StaffFactory(user=None)  # no account: nobody to deliver to
    with commit():
        count = notify.notify_users([alice, bob, carol, alice], MESSAGE)
    assert count == 3
    rows = Notification.objects.order_by("recipient__username")
    assert [row.recipient.username for row in rows] == ["alice", "bob", "carol"]
    assert {(row.subject, row.body, row.link, row.kind, row.read_at) for row in rows} == {
        ("Case 12 dispatched", "A stall blocks the pavement.", "/cases/12/", "case", None)
    }


def test_inactive_users_and_staff_without_account_get_nothing(commit):
    staff_without_account = StaffFactory(user=None)
    retired = UserFactory(username="retired", is_active=False)
    with commit() as callbacks:
        assert notify.notify_users([staff_without_account], MESSAGE) == 0
        notify.notify_users(retired, MESSAGE)
    assert len(callbacks) == 1
    assert not Notification.objects.exists()


def test_email_only_to_users_with_an_address(commit):
    with_email = UserFactory(username="wang", email="wang@example.org")
    without_email = UserFactory(username="li", email="")
    with override_settings(CHENGGUAN_NOTIFY_BASE_URL="https://cg.example.gov.cn"), commit():
        notify.notify_users([with_email, without_email], MESSAGE)
    assert [message.to for message in mail.outbox] == [["wang@example.org"]]
    assert mail.outbox[0].subject == "Case 12 dispatched"
    assert "A stall blocks the pavement." in mail.outbox[0].body
    assert "https://cg.example.gov.cn/cases/12/" in mail.outbox[0].body


def test_absolute_link(settings):
    settings.CHENGGUAN_NOTIFY_BASE_URL = "https://cg.example.gov.cn"
    assert notify.absolute_link("/cases/12/") == "https://cg.example.gov.cn/cases/12/"
    assert notify.absolute_link("https://elsewhere.example/x") == "https://elsewhere.example/x"
    settings.CHENGGUAN_NOTIFY_BASE_URL = ""
    with pytest.raises(ImproperlyConfigured, match="CHENGGUAN_NOTIFY_BASE_URL"):
        notify.absolute_link("/cases/12/")


def test_console_channel_logs_the_message(commit, caplog):
    user = UserFactory(username="zhao")
    with caplog.at_level(logging.INFO, logger="chengguan.notify"), commit():
        notify.notify_users(user, MESSAGE)
    assert "Notification to zhao [case]: Case 12 dispatched" in caplog.text


def test_sms_goes_through_the_configured_gateway(commit, sms_outbox):
    with commit():
        assert notify.notify_phone(" 13800131234 ", "Your report 12 was received.")
        assert not notify.notify_phone("", "nobody")
    assert [(m.phone, m.text) for m in sms_outbox] == [("13800131234", "Your report 12 was received.")]
    assert sms_outbox[0].key == str(Outgoing.objects.get().key)


def test_console_sms_gateway_masks_the_number(commit, caplog, settings):
    settings.CHENGGUAN_SMS_GATEWAY = "chengguan.core.notify.sms.ConsoleSmsGateway"
    with caplog.at_level(logging.INFO, logger="chengguan.notify"), commit():
        notify.notify_phone("13800131234", "Your report 12 was received.")
    assert "SMS to 138****1234: Your report 12 was received." in caplog.text
    assert "13800131234" not in caplog.text


def test_a_failing_channel_does_not_stop_the_others(commit, settings, caplog):
    settings.CHENGGUAN_NOTIFY_CHANNELS = [
        "tests.core.test_notify.BrokenChannel",
        "inbox",
        "no.such.Channel",
        "email",
    ]
    user = UserFactory(username="sun", email="sun@example.org")
    with caplog.at_level(logging.ERROR, logger="chengguan.notify"), commit():
        notify.notify_users(user, MESSAGE)
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1
    assert "channel tests.core.test_notify.BrokenChannel failed" in caplog.text
    assert "channel no.such.Channel failed" in caplog.text


def test_a_failing_sms_gateway_is_logged_without_the_number(commit, settings, caplog):
    settings.CHENGGUAN_SMS_GATEWAY = "chengguan.core.notify.sms.SmsGateway"  # send() is not implemented
    with caplog.at_level(logging.ERROR, logger="chengguan.notify"), commit():
        notify.notify_phone("13800131234", "text")
    assert "SMS to 138****1234 failed" in caplog.text


def test_nothing_is_sent_when_the_transaction_rolls_back(commit, sms_outbox):
    user = UserFactory(username="qian", email="qian@example.org")
    with commit() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        notify.notify_users(user, MESSAGE)
        notify.notify_phone("13800131234", "text")
        raise RuntimeError("the write failed")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == [] and sms_outbox == []


def test_nothing_is_sent_before_the_commit(django_capture_on_commit_callbacks):
    user = UserFactory(username="zhou")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify.notify_users(user, MESSAGE)
    assert len(callbacks) == 1
    assert not Notification.objects.exists()
    callbacks[0]()
    assert Notification.objects.filter(recipient=user).count() == 1


def test_lazy_translations_are_rendered_in_the_language_active_when_queued(commit):
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    user = UserFactory(username="wu")
    # Queued in Chinese; the task runs (at the commit) while English is active. "Yes" is in Django's own
    # catalogue, which is compiled before the test run starts.
    with translation.override("en"), commit(), translation.override("zh-hans"):
        notify.notify_users(user, notify.Message(gettext_lazy("Yes"), gettext_lazy("Yes")))
    assert Notification.objects.values_list("subject", "body").get() == ("是", "是")


def make_inbox(user, n):
    return [Notification.objects.create(recipient=user, subject=f"message {i}") for i in range(n)]


def test_inbox_selectors_show_only_the_users_own():
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    mine, theirs = make_inbox(alice, 3), make_inbox(bob, 1)
    assert set(notify.unread_notifications(alice)) == set(mine)
    assert notify.unread_count(bob) == 1
    assert notify.notifications_for(alice, limit=2) == [mine[2], mine[1]]
    assert theirs[0] not in notify.notifications_for(alice, limit=10)


def test_mark_read_touches_only_the_users_own():
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    mine, theirs = make_inbox(alice, 3), make_inbox(bob, 1)
    assert notify.mark_read(alice, [mine[0].pk, theirs[0].pk]) == 1
    assert notify.mark_read(alice, [mine[0].pk]) == 0  # already read: keeps its first reading time
    assert set(notify.unread_notifications(alice)) == {mine[1], mine[2]}
    assert notify.unread_count(bob) == 1
    assert notify.mark_all_read(alice) == 2
    assert notify.unread_count(alice) == 0 and notify.unread_count(bob) == 1


def test_anonymous_user_has_no_inbox():
    from django.contrib.auth.models import AnonymousUser

    assert notify.notifications_for(AnonymousUser()) == []
    assert notify.unread_count(AnonymousUser()) == 0
    assert notify.mark_read(AnonymousUser(), [1]) == 0


# --- the outbox: ids in the queue, each message delivered once ------------------------------------------


def test_the_phone_is_stored_encrypted_and_the_task_gets_an_id(commit, sms_outbox):
    with commit():
        notify.notify_phone("13800131234", "text")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM core_outgoing")
        (stored,) = cursor.fetchone()
    assert "13800131234" not in stored and stored.startswith("v1:")
    assert Outgoing.objects.get().phone == "13800131234"


def test_a_message_is_delivered_once_however_often_it_is_sent(commit, sms_outbox):
    with commit():
        notify.notify_phone("13800131234", "text")
    outgoing = Outgoing.objects.get()
    assert outbox.deliver(outgoing.pk) == {"skipped": True}
    assert len(sms_outbox) == 1


def test_a_message_a_worker_dropped_is_sent_by_the_pending_job(sms_outbox):
    stuck = Outgoing.objects.create(kind=Outgoing.Kind.TEXT, phone="13800131234", message={"body": "late"})
    assert outbox.deliver_pending() == 0  # still within the grace period: a worker may hold it
    Outgoing.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert outbox.deliver_pending() == 1
    assert [(m.phone, m.text, m.key) for m in sms_outbox] == [("13800131234", "late", str(stuck.key))]
    assert outbox.deliver_pending() == 0


def test_a_retry_after_a_lost_confirmation_is_not_texted_twice(sms_outbox):
    """The worker sent the text, then died before marking the row sent: the retry asks the gateway first."""
    stuck = Outgoing.objects.create(kind=Outgoing.Kind.TEXT, phone="13800131234", message={"body": "once"})
    sms.get_gateway().send("13800131234", "once", key=str(stuck.key))
    earlier = timezone.now() - timedelta(minutes=5)
    Outgoing.objects.filter(pk=stuck.pk).update(attempts=1, attempted_at=earlier, created_at=earlier)
    assert outbox.deliver_pending() == 1
    assert len(sms_outbox) == 1
    assert Outgoing.objects.get().outcome == {"delivered": ["sms"], "resumed": True}


def test_a_message_another_worker_is_sending_is_left_to_it(sms_outbox):
    claimed = Outgoing.objects.create(
        kind=Outgoing.Kind.TEXT,
        phone="13800131234",
        message={"body": "busy"},
        attempts=1,
        attempted_at=timezone.now(),
    )
    Outgoing.objects.filter(pk=claimed.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert outbox.deliver(claimed.pk) == {"skipped": True}
    assert outbox.deliver_pending() == 0 and sms_outbox == []

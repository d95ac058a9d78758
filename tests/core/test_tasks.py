import logging
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks import task, task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from chengguan.core import notify
from chengguan.core.models import Notification, Outgoing
from chengguan.core.tasks import enqueue_on_commit
from tests.factories import UserFactory

calls: list[list] = []


@task()
def remember(items: list, label: str = "") -> None:
    calls.append([items, label])


@pytest.fixture(autouse=True)
def _no_calls():
    calls.clear()


@pytest.mark.django_db
def test_enqueue_on_commit_runs_the_task_only_after_the_commit(django_capture_on_commit_callbacks):
    items = [1, 2]
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(remember, items, label="first")
        items.append(3)  # arguments are copied when queued
        assert calls == []
    assert calls == [[[1, 2], "first"]]


@pytest.mark.django_db
def test_enqueue_on_commit_drops_the_task_on_rollback(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValueError), transaction.atomic():
        enqueue_on_commit(remember, [1])
        raise ValueError("rolled back")
    assert calls == []


@pytest.mark.django_db
def test_enqueue_on_commit_refuses_arguments_a_worker_could_not_read(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(TypeError):
        enqueue_on_commit(remember, [object()])
    assert callbacks == []


@pytest.fixture
def database_tasks(settings):
    """The production setting: tasks are rows that `db_worker` runs. Changing TASKS resets the cached
    backends (django_tasks listens to setting_changed), and restoring it at the end resets them again."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"
    # db_worker installs its own signal handlers and log levels; give pytest's back afterwards.
    saved_signals = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    saved_levels = {name: logging.getLogger(name).level for name in ("django_tasks", "django_tasks_db")}
    yield
    for sig, handler in saved_signals.items():
        signal.signal(sig, handler)
    for name, level in saved_levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.django_db(transaction=True)
def test_database_backend_and_the_real_worker_deliver_a_notification(database_tasks):
    user = UserFactory(username="worker-test", email="worker@example.org")
    with transaction.atomic():
        notify.notify_users(user, notify.Message("Case 7 overdue", "Please act.", kind="case"))
        assert not DBTaskResult.objects.exists()  # queued only when the transaction commits
    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY
    assert queued.task_path == "chengguan.core.notify.outbox.send_outgoing"
    assert queued.args_kwargs["args"] == [Outgoing.objects.get().pk]  # an id: nothing personal in the queue
    assert not Notification.objects.exists() and mail.outbox == []  # nothing sent by the web process

    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)

    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert queued.return_value == {"delivered": ["inbox", "console", "email"], "failed": []}
    assert Notification.objects.get().recipient == user
    assert [message.to for message in mail.outbox] == [["worker@example.org"]]

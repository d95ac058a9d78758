"""Background work on the Django tasks API (the `django-tasks` backport).

Define a task with `django_tasks.task` at module level and enqueue it with `enqueue_on_commit`, never
straight from inside a transaction: the task then only runs once the data it reads is committed, and not
at all when the transaction rolls back. Which backend runs it is `settings.TASKS`: the database backend
(`chengguan db_worker` runs the queue) everywhere except the tests, which run tasks in-process."""

from django.db import transaction
from django_tasks.base import Task
from django_tasks.utils import normalize_json


def enqueue_on_commit(task: Task, /, *args, **kwargs) -> None:
    """Enqueue `task(*args, **kwargs)` when the current transaction commits (at once outside one).

    Arguments must be JSON values; anything else raises TypeError here, inside the caller's transaction,
    rather than after the commit. They are copied now, so later changes to a list passed in do not leak
    into the task. A failure to enqueue after the commit is logged and does not break the caller, whose
    data is already saved."""
    args_json, kwargs_json = normalize_json(list(args)), normalize_json(kwargs)

    def enqueue() -> None:
        task.enqueue(*args_json, **kwargs_json)

    enqueue.__qualname__ = f"enqueue[{task.module_path}]"
    transaction.on_commit(enqueue, robust=True)

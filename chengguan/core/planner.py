"""Reads whose joins PostgreSQL should take in the order they are written.

A page of cases read with its references (cell, community, street, category, department, …) joins a
dozen tables; PostgreSQL searches every order of those joins before it runs the query, which took 15–28 ms
for a case list whose rows it then read in 2 ms (BENCHMARKS.md). The rows are selected on the cases
table and each reference is one key lookup, so the written order is already the plan: inside
`joins_as_written` the planner keeps it (`join_collapse_limit = 1` for a transaction of its own).

Inside a caller's transaction nothing is set: SET LOCAL would last until that transaction ends."""

from contextlib import contextmanager

from django.db import connections, transaction


@contextmanager
def joins_as_written(using: str = "default"):
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL join_collapse_limit = 1")
        yield

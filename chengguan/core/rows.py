"""Rows inserted with a statement built once per model, for the writes that happen at every report: the
case itself and every timeline event.

`Model.objects.create()` builds, compiles and quotes an INSERT for every row: on intake, with the case's
thirty-odd columns and its event, about a sixth of a report's CPU (BENCHMARKS.md). `insert` prepares
the values exactly as `save()` does (each field's `pre_save`, then its database value, so encrypted and
JSON fields and auto timestamps behave the same) and runs the same INSERT … RETURNING. No model signal is
sent: the models inserted here have no receivers and no `save()` of their own."""

from django.db import connections, router
from django.db.models import Model

_statements: dict = {}


def _statement(model: type[Model], connection) -> tuple[str, list]:
    key = (model, connection.alias)
    if key not in _statements:
        quote = connection.ops.quote_name
        if model._meta.get_parent_list():
            raise TypeError(f"{model.__name__} shares a parent's table (multi-table inheritance): use save()")
        fields = [field for field in model._meta.local_concrete_fields if not field.primary_key]
        columns = ", ".join(quote(field.column) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
        if connection.features.can_return_columns_from_insert:
            sql += f" RETURNING {quote(model._meta.pk.column)}"
        _statements[key] = (sql, fields)
    return _statements[key]


def insert(instance: Model) -> Model:
    """INSERT the unsaved `instance` (its primary key is made by the database) and return it, saved."""
    model = type(instance)
    using = router.db_for_write(model, instance=instance)
    connection = connections[using]
    sql, fields = _statement(model, connection)
    values = [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if connection.features.can_return_columns_from_insert:
            instance.pk = cursor.fetchone()[0]
        else:
            instance.pk = connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column)
    instance._state.adding = False
    instance._state.db = using
    return instance

"""Trained versions in the database (table `cases_classifiermodel`), so every web process and node loads
the same one: save a new version and put it in use, list them, roll back to an earlier one. The newest
`KEEP` versions are kept; older ones that are not in use are deleted."""

import io
import pickle

import joblib
import sklearn
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from chengguan.core import audit
from chengguan.core.refusals import Refused, require_actor

from ..models import ClassifierModel

KEEP = 5


class NoVersion(Refused):
    pass


def dumps(obj) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(obj, buffer, compress=3)
    return buffer.getvalue()


def loads(payload: bytes):
    return joblib.load(io.BytesIO(bytes(payload)))


def active_version() -> tuple[int, str] | None:
    """(version, table fingerprint) of the version in use; one query."""
    return ClassifierModel.objects.filter(is_active=True).values_list("version", "table").first()


def load(version: int):
    """The unpickled model of a stored version, None when it cannot be loaded here (another scikit-learn
    or a broken payload)."""
    row = ClassifierModel.objects.filter(version=version).values_list("payload", "sklearn_version").first()
    if row is None or row[1] != sklearn.__version__:
        return None
    try:
        return loads(row[0])
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None


def versions():
    return ClassifierModel.objects.defer("payload").order_by("-version")


@transaction.atomic
def save(
    obj, *, actor, table: str, counts: dict, evaluation: dict, seconds: float, activate: bool = True
) -> ClassifierModel:
    """Store a newly trained model as the next version (in use unless `activate` is false)."""
    require_actor(actor)
    payload = dumps(obj)
    latest = ClassifierModel.objects.select_for_update().aggregate(n=Max("version"))["n"] or 0
    now = timezone.now()
    if activate:
        ClassifierModel.objects.filter(is_active=True).update(is_active=False)
    row = ClassifierModel.objects.create(
        version=latest + 1,
        created_at=now,
        trained_by=actor.get_username()[:150],
        is_active=activate,
        activated_at=now if activate else None,
        sklearn_version=sklearn.__version__,
        table=table,
        counts=counts,
        evaluation=evaluation,
        seconds=seconds,
        payload=payload,
    )
    stale = ClassifierModel.objects.filter(is_active=False, version__lte=row.version - KEEP)
    stale.delete()
    audit.record(
        "classifier.train",
        actor=actor,
        target=row,
        data={"version": row.version, "counts": counts, "active": activate, "bytes": len(payload)},
    )
    return row


@transaction.atomic
def rollback(*, actor, to: int | None = None) -> ClassifierModel:
    """Put an earlier version back in use: `to`, or else the newest one older than the version in use."""
    require_actor(actor)
    rows = ClassifierModel.objects.select_for_update().defer("payload")
    current = rows.filter(is_active=True).first()
    if to is None:
        older = rows.filter(version__lt=current.version) if current else rows.none()
        target = older.order_by("-version").first()
        if target is None:
            raise NoVersion("There is no earlier version to roll back to.", code="no_version")
    else:
        target = rows.filter(version=to).first()
        if target is None:
            raise NoVersion(f"There is no stored version {to}.", code="no_version")
    if target.sklearn_version != sklearn.__version__:
        raise NoVersion(
            f"Version {target.version} was trained with scikit-learn {target.sklearn_version} and cannot be "
            f"loaded with {sklearn.__version__}: train a new one.",
            code="incompatible",
        )
    if current is not None and current.pk != target.pk:
        ClassifierModel.objects.filter(pk=current.pk).update(is_active=False)
    ClassifierModel.objects.filter(pk=target.pk).update(is_active=True, activated_at=timezone.now())
    audit.record(
        "classifier.rollback",
        actor=actor,
        target=target,
        data={"from": current.version if current else None, "to": target.version},
    )
    target.refresh_from_db(fields=["is_active", "activated_at"])
    return target

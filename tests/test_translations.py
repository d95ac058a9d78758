"""The interface is Chinese: every label a model gives itself, its fields and their choices, and every
periodic job's description, has a Simplified-Chinese translation in the catalogs (an English word inside
a Chinese page is what a missing catalog entry looks like)."""

import re

from django.apps import apps
from django.utils import translation

from chengguan.ops.jobs import JOBS

CJK = re.compile(r"[\u4e00-\u9fff]")
SAME_IN_BOTH = {"ID", "URL", "IP", "MAC", "API", "JSON", "HMAC", "UUID", "SMS", "GeoJSON", "WGS84"}
SAME_IN_BOTH |= {"Open311", "PDF", "SHA-256"}  # names


def untranslated(labels) -> list[str]:
    with translation.override("zh-hans"):
        found = {str(label) for label in labels}
    return sorted(label for label in found if not CJK.search(label) and label not in SAME_IN_BOTH)


def chengguan_labels():
    for model in apps.get_models():
        if not model.__module__.startswith("chengguan."):
            continue
        yield model._meta.verbose_name
        yield model._meta.verbose_name_plural
        for field in model._meta.get_fields():
            if getattr(field, "auto_created", False):
                continue  # reverse relations and the automatic id
            yield field.verbose_name
            for _value, label in getattr(field, "flatchoices", None) or ():
                yield label


def test_every_model_label_and_choice_is_translated():
    labels = list(chengguan_labels())
    assert len(labels) > 500
    assert untranslated(labels) == []


def test_every_periodic_job_description_is_translated():
    assert untranslated(job.description for job in JOBS) == []

"""The interface is Chinese: every label a model gives itself, its fields and their choices, every
periodic job's description and every string a template marks for translation has a Simplified-Chinese
translation in the catalogs (an English word inside a Chinese page is what a missing catalog entry looks
like)."""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from django.utils.translation.template import templatize

import chengguan
from chengguan.ops.jobs import JOBS

CJK = re.compile(r"[\u4e00-\u9fff]")
SAME_IN_BOTH = {"ID", "URL", "IP", "MAC", "API", "JSON", "HMAC", "UUID", "SMS", "GeoJSON", "WGS84"}
SAME_IN_BOTH |= {"Open311", "PDF", "SHA-256", "chengguan"}  # names


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


# What `makemessages` finds in a template: Django's own `templatize` turns {% translate %} and
# {% blocktranslate %} into gettext calls whose arguments are Python string literals.
TEMPLATE_CALL = re.compile(r"\b(gettext|pgettext|ngettext|npgettext)\(((?:u?'(?:[^'\\]|\\.)*'(?:,\s*)?)+)")
LITERAL = re.compile(r"u?'(?:[^'\\]|\\.)*'")


def template_messages():
    """(template, the string a reader sees in English) for every translatable string of every template."""
    for path in sorted(Path(chengguan.__file__).parent.rglob("templates/**/*.html")):
        for call in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
            function, strings = call.group(1), [ast.literal_eval(s) for s in LITERAL.findall(call.group(2))]
            with translation.override("zh-hans"):
                if function == "gettext":
                    shown = gettext(strings[0])
                elif function == "pgettext":
                    shown = pgettext(*strings[:2])
                elif function == "ngettext":
                    shown = ngettext(*strings[:2], 2)
                else:
                    shown = npgettext(*strings[:3], 2)
            yield (
                path.relative_to(Path(chengguan.__file__).parent),
                strings[-1 if function == "gettext" else 1],
                shown,
            )


def test_every_template_string_is_translated():
    found = list(template_messages())
    assert len(found) > 1000
    english = re.compile(r"[A-Za-z]{3,}")
    missing = sorted(
        {
            (str(path), message)
            for path, message, shown in found
            if not CJK.search(shown)
            and english.search(re.sub(r"%\(\w+\)s", "", message))
            and message not in SAME_IN_BOTH
        }
    )
    assert missing == []

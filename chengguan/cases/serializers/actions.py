"""What the cases API's lifecycle actions take (accept, dispatch, handled, verify, extension, decide,
merge, and those with only a note or a reason): checked for type and form here, the rules applied by the
services."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from chengguan.org.models import Department
from chengguan.taxonomy.models import Urgency

from . import CodeField, PhotosField, RequiredBooleanField, category_field


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


class NoteSerializer(serializers.Serializer):
    note = _text()


class ReasonSerializer(serializers.Serializer):
    reason = _text(help_text=gettext_lazy("Required: why."))


class AcceptSerializer(NoteSerializer):
    category = category_field()
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)


class DispatchSerializer(AcceptSerializer):
    department = CodeField(
        queryset=Department.objects.all(),
        error_messages={"does_not_exist": gettext_lazy("Unknown department code “{value}”.")},
        help_text=gettext_lazy("Department code; by default the one the responsibility list names."),
    )


class HandledSerializer(serializers.Serializer):
    note = _text(help_text=gettext_lazy("Required: what was done."))
    photos = PhotosField()


class VerifySerializer(NoteSerializer):
    passed = RequiredBooleanField(help_text=gettext_lazy("false sends the case back for rework."))
    photos = PhotosField()


class ExtensionSerializer(ReasonSerializer):
    working_days = serializers.DecimalField(max_digits=5, decimal_places=1)


class DecideSerializer(NoteSerializer):
    approve = RequiredBooleanField(help_text=gettext_lazy("true approves, false refuses (give a note)."))


class MergeSerializer(NoteSerializer):
    into = serializers.CharField(
        max_length=20, help_text=gettext_lazy("The number of the open case this one repeats (the survivor).")
    )

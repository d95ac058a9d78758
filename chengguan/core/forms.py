"""How a service's refusal reaches a form: on the field it names when the form has that field, else on
top; and a form's errors as one sentence for a flash message."""

from django import forms
from django.core.exceptions import ValidationError

from .refusals import Refused


def add_service_errors(form: forms.Form, error: ValidationError | Refused) -> None:
    """A service's ValidationError or Refused on the form."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return
    form.add_error(None, error.messages)


def errors_sentence(form: forms.Form) -> str:
    """A form's errors as one sentence per field, named by its label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return "; ".join(parts)


def messages_of(error: Exception) -> str:
    """What a refusal or validation error says, as one line for a flash message."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return " ".join(m for ms in error.message_dict.values() for m in ms)
    return " ".join(getattr(error, "messages", [str(error)]))

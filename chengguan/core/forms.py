"""How a service's refusal reaches a form: on the field it names when the form has that field, else on
top; a form's errors as one sentence for a flash message; and a select that renders long option lists
quickly."""

from html import escape

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

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


class FastSelect(forms.Select):
    """A <select> rendered in Python. Django renders every option through a template, which cost the desk's
    filter bar (departments, categories and every community: ~1,500 options) 175 ms a page."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v is not None}
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        parts = [f'<select name="{conditional_escape(name)}"{flatatt(final)}>']
        for key, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'<optgroup label="{conditional_escape(key)}">')
                parts.extend(self._option(k, text, chosen) for k, text in label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(key, label, chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))

    @staticmethod
    def _option(key, label, chosen: set) -> str:
        key = "" if key is None else str(key)
        selected = " selected" if key in chosen else ""
        return f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>'

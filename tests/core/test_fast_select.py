"""FastSelect renders what Django's Select renders: the chosen option selected, labels escaped, groups."""

from django import forms

from chengguan.core.forms import FastSelect


class Form(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "any"), ("a<b", "A & B"), ("Groups", [("g1", "第一"), ("g2", "第二")])],
        required=False,
        widget=FastSelect(attrs={"class": "small"}),
    )


def test_the_chosen_option_is_selected_and_text_escaped():
    html = str(Form({"kind": "g2"})["kind"])
    assert html.startswith('<select name="kind" class="small" id="id_kind">')
    assert '<option value="a&lt;b">A &amp; B</option>' in html
    group = '<optgroup label="Groups"><option value="g1">第一</option>'
    group += '<option value="g2" selected>第二</option>'
    assert group in html
    assert html.count(" selected") == 1 and html.endswith("</select>")


def test_nothing_chosen_selects_nothing_but_the_empty_value_when_given():
    assert " selected" not in str(Form()["kind"])
    assert '<option value="" selected>any</option>' in str(Form({"kind": ""})["kind"])

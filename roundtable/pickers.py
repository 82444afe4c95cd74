"""Pickers for long lists (colleagues, clips): a page shows the few likely choices and the ones
already chosen, and a search box finds the rest as you type (a small HTMX endpoint answers
with more options of the same name). The field still accepts anything in its queryset, so
validation and access stay where they were; only what is rendered shrinks.
"""

import re

from django import forms

from roundtable.parsing import parse_id

SEARCH_LIMIT = 20
NAME = re.compile(r"^[a-z_]{1,40}$")


class PickerMixin:
    template_name = "widgets/picker.html"

    def __init__(self, *args, url: str, search_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.url, self.search_label = url, search_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"] |= {
            "url": self.url,
            "search_label": self.search_label,
            "kind": "checkbox" if self.allow_multiple_selected else "radio",
        }
        return context


class PickMany(PickerMixin, forms.CheckboxSelectMultiple):
    pass


class PickOne(PickerMixin, forms.RadioSelect):
    pass


def _options(field: forms.ModelChoiceField, shown, chosen, label) -> list[tuple]:
    """`shown` and the `chosen` ids among the field's options, as (value, label) choices."""
    ids = [str(v) for v in (chosen if isinstance(chosen, list | tuple) else [chosen]) if v]
    wanted = [pk for v in ids if (pk := parse_id(v))]  # junk and huge numbers are no choice
    options = {obj.pk: obj for obj in shown}
    for obj in field.queryset.filter(pk__in=wanted).exclude(pk__in=list(options)):
        options[obj.pk] = obj
    choices = [(pk, label(obj)) for pk, obj in options.items()]
    if not isinstance(field, forms.ModelMultipleChoiceField):
        choices.insert(0, ("", field.empty_label or "None"))
    return choices


def narrow(
    field: forms.ModelChoiceField, *, shown, chosen, url: str, search_label: str, label=None
) -> None:
    """Render `shown` (a few likely objects) and the `chosen` ids of `field`'s options, with a
    search box that asks `url` for others; a single choice keeps its empty option first."""
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    widget = (PickMany if multiple else PickOne)(url=url, search_label=search_label)
    widget.choices = _options(field, shown, chosen, label or field.label_from_instance)
    field.widget = widget


def only(field: forms.ModelChoiceField, *, shown, chosen) -> None:
    """Keep the field's own widget (a select) but list only `shown` and the `chosen`: the
    page narrows some other way (one team at a time)."""
    field.widget.choices = _options(field, shown, chosen, field.label_from_instance)


def found_context(request, found, *, label) -> dict:
    """What the search endpoint renders: options named as the field asking for them."""
    name = request.GET.get("name", "")
    return {
        "name": name if NAME.match(name) else "pick",
        "kind": "checkbox" if request.GET.get("many") == "1" else "radio",
        "found": [(obj.pk, label(obj)) for obj in found],
        "query": request.GET.get("q", "").strip(),
    }

from django import forms

from accounts.forms import PersonField, PlainLabels
from coaching import solution
from coaching.kpi_import import Mapping
from coaching.models import CoachingType, Direction, KpiKind, Mode, Period
from coaching.numbers import FORMAT_CHOICES
from protocols.definitions import COACHING_PROTOCOLS
from roundtable.parsing import ModelChoiceField


class KpiForm(PlainLabels, forms.Form):
    name = forms.CharField(max_length=80, help_text="e.g. Meetings booked, Win rate, Revenue")
    unit = forms.CharField(max_length=20, required=False, help_text="e.g. meetings, %, €")
    period = forms.ChoiceField(choices=Period.choices, initial=Period.MONTH)
    direction = forms.ChoiceField(choices=Direction.choices, initial=Direction.HIGHER)
    kind = forms.ChoiceField(choices=KpiKind.choices, widget=forms.RadioSelect)
    combine = forms.ChoiceField(
        label="A team's value", choices=[("sum", "Add up the reps"), ("average", "Average")]
    )


class ImportForm(PlainLabels, forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Any export with a column of emails, a period (2026-11, 11/2026, Nov 2026, a "
        "date) and values: Salesforce and HubSpot reports are recognised; you map the columns "
        "of any other file once.",
    )


class NumberFormatForm(PlainLabels, forms.Form):
    number_format = forms.ChoiceField(choices=FORMAT_CHOICES, label="Numbers in our files")
    day_first = forms.TypedChoiceField(
        choices=[("0", "11/17/2026 (month first)"), ("1", "17/11/2026 (day first)")],
        coerce=lambda v: v == "1",
        label="Dates in our files",
    )


NOT_IMPORTED = ""


class MappingForm(PlainLabels, forms.Form):
    """Which column holds what. Either a KPI column with its value column, or a KPI for each
    value column (`col_<n>`, one per column of the file)."""

    person = forms.ChoiceField(label="Column with each person's email")
    period = forms.ChoiceField(label="Column with the period (month, quarter or a date)")
    kpi = forms.ChoiceField(label="Column naming the KPI", required=False)
    value = forms.ChoiceField(label="Its value column", required=False)
    save_as = forms.CharField(
        label="Keep this layout as",
        required=False,
        max_length=80,
        help_text="A name, so the next file like this one is read the same way.",
    )

    def __init__(self, *args, headers: list[str], kpis: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        columns = [(h, h) for h in headers]
        self.fields["person"].choices = columns
        self.fields["period"].choices = columns
        self.fields["kpi"].choices = [("", "— none: a KPI per column below —"), *columns]
        self.fields["value"].choices = [("", "—"), *columns]
        for n, header in enumerate(headers):
            self.fields[f"col_{n}"] = forms.ChoiceField(
                label=header, required=False, choices=[(NOT_IMPORTED, "not imported"), *kpis]
            )

    def column_fields(self):
        return [self[f"col_{n}"] for n in range(len(self.headers))]

    def mapping(self) -> Mapping:
        data = self.cleaned_data
        columns = tuple(
            (header, data[f"col_{n}"])
            for n, header in enumerate(self.headers)
            if data.get(f"col_{n}") and not data["kpi"]
        )
        return Mapping(
            person=data["person"],
            period=data["period"],
            kpi=data["kpi"],
            value=data["value"] if data["kpi"] else "",
            columns=columns,
        )

    @staticmethod
    def initial_for(mapping: Mapping, headers: list[str]) -> dict:
        initial = {
            "person": mapping.person,
            "period": mapping.period,
            "kpi": mapping.kpi,
            "value": mapping.value,
        }
        chosen = dict(mapping.columns)
        for n, header in enumerate(headers):
            initial[f"col_{n}"] = chosen.get(header, NOT_IMPORTED)
        return initial


class TargetForm(PlainLabels, forms.Form):
    kpi = ModelChoiceField(queryset=None, label="KPI")
    who = forms.ChoiceField(label="For")
    period = forms.CharField(help_text="2026-11, 2026-Q4 or a date in the week")
    value = forms.FloatField(label="Target")

    def __init__(self, *args, kpis, people, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = kpis
        self.fields["who"].choices = (
            [("", "Pick a rep or a team")]
            + [(f"team-{t.id}", f"Team: {t.name}") for t in teams]
            + [(f"person-{p.id}", p.full_name) for p in people]
        )


class OneOnOneForm(PlainLabels, forms.Form):
    rep = PersonField(queryset=None, label="With")
    coaching_type = forms.ChoiceField(label="Kind of coaching", choices=())
    protocol = forms.ChoiceField(label="Conversation", choices=())
    topic = forms.CharField(max_length=200, help_text="e.g. Discovery calls run long")
    mode = forms.ChoiceField(choices=(), widget=forms.RadioSelect, initial="live")
    clip = ModelChoiceField(
        queryset=None, required=False, label="A clip to review (tactical)", empty_label="None"
    )

    def __init__(self, *args, reps, clips, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["rep"].queryset = reps
        self.fields["coaching_type"].choices = CoachingType.choices
        self.fields["protocol"].choices = [(p.key, p.title) for p in COACHING_PROTOCOLS]
        self.fields["mode"].choices = Mode.choices
        self.fields["clip"].queryset = clips


class SelfAssessmentForm(forms.Form):
    """The rep's ratings, one field per skill of the organisation (`skill-<id>`, 1 to 5; left
    empty: not rated)."""

    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        for skill in skills:
            self.fields[f"skill-{skill.id}"] = forms.TypedChoiceField(
                choices=[("", "—")] + [(str(n), str(n)) for n in range(1, 6)],
                coerce=int,
                empty_value=None,
                required=False,
                label=skill.name,
            )

    def levels(self) -> dict[int, int]:
        return {
            int(name.removeprefix("skill-")): level
            for name, level in self.cleaned_data.items()
            if level is not None
        }


class GoalForm(forms.Form):
    text = forms.CharField(max_length=300, required=False)


class GoalDoneForm(forms.Form):
    done = forms.BooleanField(required=False)


class ActionItemForm(forms.Form):
    """One action item of a written 1:1; an empty row is no item."""

    what = forms.CharField(max_length=500, required=False, label="What")
    due_on = forms.DateField(
        required=False,
        label="By when",
        error_messages={"invalid": "Give the date as YYYY-MM-DD, or leave it empty."},
    )
    success = forms.CharField(max_length=300, required=False, label="How success is seen")
    credit = forms.CharField(max_length=40, required=False)


# Up to three items, named item-0-what, item-0-due_on...: the written 1:1's action plan.
ActionItemFormSet = forms.formset_factory(ActionItemForm, extra=3, max_num=3, validate_max=True)
ACTION_ITEMS_PREFIX = "item"


class SolutionForm(forms.Form):
    """A gap walked through the solution chart: a yes or no per question (unanswered ones are
    named by the service), the fix the coach chooses (empty: what the chart recommends) and the
    KPI it is about."""

    gap = forms.CharField(max_length=300, required=False)
    chosen = forms.ChoiceField(choices=[("", "")] + list(solution.OPTIONS.items()), required=False)
    kpi = ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, kpis, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = kpis
        for key, question in solution.QUESTIONS:
            self.fields[key] = forms.ChoiceField(
                choices=[("yes", "Yes"), ("no", "No")], required=False, label=question
            )

    def answers(self) -> dict[str, bool]:
        return {
            key: self.cleaned_data[key] == "yes"
            for key, _ in solution.QUESTIONS
            if self.cleaned_data.get(key)
        }


class ObservationForm(forms.Form):
    """What the manager saw the rep do: the skill it shows, the situation, the behaviour, and
    the moment of a clip (one of the rep's the manager may watch) where it can be seen."""

    skill = ModelChoiceField(queryset=None, required=False)
    situation = forms.CharField(required=False)
    behaviour = forms.CharField(required=False)
    clip = ModelChoiceField(queryset=None, required=False)
    at_seconds = forms.FloatField(min_value=0, max_value=86_400, required=False)

    def __init__(self, *args, skills, clips, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skills
        self.fields["clip"].queryset = clips

from django import forms

from accounts.forms import PlainLabels
from codev.models import TRIAGE_DECISIONS, Case, CaseStatus, Outcome
from codev.services import CASE_FIELDS
from protocols.definitions import CODEV
from roundtable.parsing import ModelChoiceField, ModelMultipleChoiceField


class CaseForm(PlainLabels, forms.ModelForm):
    """Nothing is required here: a draft keeps whatever was typed; submitting checks the rest."""

    class Meta:
        model = Case
        fields = list(CASE_FIELDS)
        widgets = {
            "people": forms.Textarea(attrs={"rows": 3, "placeholder": "One per line: name, role"}),
            "their_words": forms.Textarea(attrs={"rows": 4}),
            "tried": forms.Textarea(attrs={"rows": 3}),
            "blocked": forms.Textarea(attrs={"rows": 3}),
            "timeframe": forms.RadioSelect,
        }
        help_texts = {
            "title": "A few words your teammates will recognise, e.g. “CFO stalls at pricing”.",
            "their_words": "Their words and attitudes, as concretely as you can.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["timeframe"].choices = self.fields["timeframe"].choices[1:]


class TriageForm(PlainLabels, forms.Form):
    decision = forms.ChoiceField(
        choices=[(d.value, d.label) for d in TRIAGE_DECISIONS], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The rep reads this. Required when you decline.",
    )
    # The status the manager saw: a triage by someone else in between is not overwritten.
    seen = forms.ChoiceField(choices=CaseStatus.choices, required=False, widget=forms.HiddenInput)


class CadenceForm(PlainLabels, forms.Form):
    every_months = forms.IntegerField(min_value=1, max_value=12, label="Meet every (months)")
    minutes = forms.IntegerField(min_value=15, max_value=240, label="Session length (minutes)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for phase in CODEV.phases:
            per = " per speaker" if phase.timing == "per_speaker" else ""
            self.fields[f"phase_{phase.key}"] = forms.DecimalField(
                min_value=0.25,
                max_value=60,
                decimal_places=2,
                required=False,
                label=f"{phase.title} (minutes{per})",
                widget=forms.NumberInput(attrs={"step": "0.25", "placeholder": str(phase.minutes)}),
            )

    def phase_minutes(self) -> dict[str, float]:
        return {
            phase.key: float(self.cleaned_data[f"phase_{phase.key}"])
            for phase in CODEV.phases
            if self.cleaned_data.get(f"phase_{phase.key}")
        }


class ScheduleForm(PlainLabels, forms.Form):
    scheduled_at = forms.DateTimeField(
        label="When", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    presenter = ModelChoiceField(queryset=None, label="Presenter (the client)")
    facilitator = ModelChoiceField(queryset=None, required=False, label="Facilitator")
    case = ModelChoiceField(queryset=None, required=False, label="Case (optional)")
    observers = ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Observers listen and share lessons; everyone else consults.",
    )

    def __init__(self, *args, members, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = members
        self.fields["facilitator"].queryset = members
        self.fields["observers"].queryset = members
        self.fields["case"].queryset = cases


class SessionMoveForm(PlainLabels, forms.Form):
    scheduled_at = forms.DateTimeField(
        label="New date and time", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class SessionPresenterForm(PlainLabels, forms.Form):
    presenter = ModelChoiceField(queryset=None, label="Presenter (the client)")
    case = ModelChoiceField(queryset=None, required=False, label="Case (optional)")

    def __init__(self, *args, members, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = members
        self.fields["case"].queryset = cases


class FollowUpForm(PlainLabels, forms.Form):
    outcome = forms.ChoiceField(
        choices=Outcome.choices, widget=forms.RadioSelect, label="What happened to the deal"
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What happened, in a few lines",
        help_text="What you did after the session or 1:1, and how they answered.",
    )

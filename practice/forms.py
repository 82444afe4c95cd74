from django import forms

from accounts.forms import PeopleField, PersonField, PlainLabels
from practice.models import ChallengeKind, ReviewerMode
from roundtable.parsing import ModelChoiceField

RUBRIC_HELP = "One criterion per line: “Name, weight” (weight 1-10). Each is scored 0-4."
DEFAULT_RUBRIC = (
    "Acknowledges the concern before answering, 2\n"
    "Asks an open question to understand, 2\n"
    "Answers with value, not a discount, 3\n"
    "Ends with a clear next step, 1"
)


class ChallengeForm(PlainLabels, forms.Form):
    kind = forms.ChoiceField(choices=ChallengeKind.choices, widget=forms.HiddenInput)
    title = forms.CharField(max_length=200, required=False)
    term = ModelChoiceField(
        queryset=None, required=False, label="Term to teach back", empty_label="Pick a term"
    )
    prompt = forms.CharField(
        label="The prompt",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What should each take answer? e.g. “The buyer says: your price is too high.”",
    )
    prompt_clip = ModelChoiceField(
        queryset=None, required=False, label="Or a recorded prompt", empty_label="No video"
    )
    situation = ModelChoiceField(
        queryset=None, required=False, label="Selling situation", empty_label="None"
    )
    rubric = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), help_text=RUBRIC_HELP, required=False
    )
    due_at = forms.DateTimeField(
        label="Due", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    participants = PeopleField(queryset=None, widget=forms.CheckboxSelectMultiple)
    reviewer_mode = forms.ChoiceField(
        label="Who reviews", choices=ReviewerMode.choices, initial=ReviewerMode.PEERS
    )
    reviewers = PeopleField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Named peers"
    )
    blind = forms.BooleanField(
        required=False,
        initial=True,
        label="Blind: each participant submits before seeing the others' takes",
    )

    def __init__(self, *args, members, terms, situations, clips, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = members
        self.fields["reviewers"].queryset = members
        self.fields["term"].queryset = terms
        self.fields["situation"].queryset = situations
        self.fields["prompt_clip"].queryset = clips
        if self.initial.get("kind") == ChallengeKind.TEACHBACK or (
            self.data and self.data.get("kind") == ChallengeKind.TEACHBACK
        ):
            for name in ("prompt_clip", "situation"):
                del self.fields[name]
            self.fields["rubric"].help_text = RUBRIC_HELP + " Left empty: clear, accurate, example."
        else:
            del self.fields["term"]


class ChallengeEditForm(PlainLabels, forms.Form):
    """What can be mended once a challenge is posted: its title, prompt, due date, reviewers
    (the participants, the rubric and blind mode stay as the takes were made under them)."""

    title = forms.CharField(
        max_length=200, error_messages={"required": "Give the challenge a title."}
    )
    prompt = forms.CharField(
        label="The prompt", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_at = forms.DateTimeField(
        label="Due",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "Pick the due date.", "invalid": "Pick the due date."},
    )
    reviewer_mode = forms.ChoiceField(label="Who reviews", choices=ReviewerMode.choices)
    reviewers = PeopleField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Named peers",
        help_text="Asked to review when “Named peers” review.",
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = members


class RolePlayForm(PlainLabels, forms.Form):
    situation = forms.CharField(
        required=False, max_length=200, help_text="e.g. Renewal call with a cost-cutting CFO."
    )
    persona = forms.CharField(
        label="The buyer",
        required=False,
        max_length=300,
        help_text="Who they are and what they care about.",
    )
    objection = forms.CharField(label="The objection to raise", max_length=300)
    buyer = PersonField(queryset=None, label="Who plays the buyer")
    sellers = PeopleField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Who takes a turn after you",
        required=False,
    )
    observers = PeopleField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Who watches and gives feedback",
        required=False,
    )
    when = forms.DateTimeField(
        required=False,
        label="When",
        help_text="Leave it empty to start now; choose a time to plan it: everyone chosen is told.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("buyer", "sellers", "observers"):
            self.fields[name].queryset = members


class DealClinicForm(PlainLabels, forms.Form):
    deal = forms.CharField(
        label="The deal", max_length=200, help_text="Account, stage, amount, close date."
    )
    owner = PersonField(queryset=None, label="Who owns it")
    peers = PeopleField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Who questions and advises",
    )
    when = forms.DateTimeField(
        required=False,
        label="When",
        help_text="Leave it empty to start now; choose a time to plan it: everyone chosen is told.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.fields["peers"].queryset = members


class ReviewForm(forms.Form):
    """A review of a take: a score per criterion of its challenge (`score-<id>`, 0 to the
    challenge's top score; left empty: not scored), a comment and what the reviewer understood."""

    comment = forms.CharField(required=False)
    understood = forms.CharField(required=False)
    post_anyway = forms.BooleanField(required=False)

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(challenge.criteria.all())
        for criterion in self.criteria:
            self.fields[f"score-{criterion.id}"] = forms.TypedChoiceField(
                choices=[(str(n), str(n)) for n in range(challenge.top_score + 1)],
                coerce=int,
                empty_value=None,
                required=False,
                label=criterion.name,
            )

    def scores(self) -> dict[int, int]:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {
            criterion.id: data[f"score-{criterion.id}"]
            for criterion in self.criteria
            if data.get(f"score-{criterion.id}") is not None
        }

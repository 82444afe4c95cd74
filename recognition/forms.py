from django import forms

from accounts.forms import PeopleField, PlainLabels
from recognition.models import KudosFor, NotificationKind, StoryKind, Visibility
from roundtable.parsing import ModelChoiceField


class KudosForm(PlainLabels, forms.Form):
    to = PeopleField(queryset=None, label="To", widget=forms.CheckboxSelectMultiple)
    for_kind = forms.ChoiceField(label="For", choices=KudosFor.choices)
    clip = ModelChoiceField(queryset=None, required=False, label="The clip")
    story = ModelChoiceField(queryset=None, required=False, label="The story")
    contribution = ModelChoiceField(
        queryset=None, required=False, label="The advice (from a session you were in)"
    )
    kpi_value = ModelChoiceField(
        queryset=None, required=False, label="The achievement (a teammate's target met)"
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What they did and what it changed for you.",
    )

    def __init__(self, *args, people, clips, stories, advice, achievements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = people
        self.fields["clip"].queryset = clips
        self.fields["story"].queryset = stories
        self.fields["contribution"].queryset = advice
        self.fields["contribution"].label_from_instance = lambda c: (
            f"{c.author.full_name}: {c.text[:80]}"
        )
        self.fields["kpi_value"].queryset = achievements
        self.fields["kpi_value"].label_from_instance = lambda v: (
            f"{v.person.full_name}: {v.kpi.name} {v.value:g} ({v.period_start:%b %Y})"
        )


class StoryForm(PlainLabels, forms.Form):
    kind = forms.ChoiceField(choices=StoryKind.choices, widget=forms.RadioSelect)
    team = ModelChoiceField(queryset=None)
    title = forms.CharField(max_length=160)
    body = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 4}))
    learned = forms.CharField(
        label="What we learned", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    credited = PeopleField(
        queryset=None,
        required=False,
        label="Who helped (credited by name)",
        widget=forms.CheckboxSelectMultiple,
    )
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.TEAM)
    for_team_meeting = forms.BooleanField(required=False, label="For the next team meeting")

    def __init__(self, *args, teams, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["credited"].queryset = people


class NotificationSettingsForm(forms.Form):
    """What comes to a person's bell (each kind can be switched off) and whether a morning
    email gathers it."""

    daily_digest = forms.BooleanField(
        required=False, label="Also send me one email each morning with what is new"
    )
    kinds = forms.MultipleChoiceField(
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Tell me about",
    )

    def muted(self) -> list[str]:
        return [k for k in NotificationKind.values if k not in self.cleaned_data["kinds"]]

from django import forms

from accounts.forms import PlainLabels
from library.models import Situation, Visibility
from roundtable.parsing import ModelChoiceField


class ClipForm(PlainLabels, forms.Form):
    title = forms.CharField(
        max_length=140,
        help_text="e.g. “How I answered their compliance questions”",
        error_messages={"required": "Give the clip a title."},
    )
    situation = ModelChoiceField(
        queryset=Situation.objects.none(), required=False, label="Selling situation"
    )
    tags = forms.CharField(max_length=300, required=False, help_text="Separated by commas.")
    account = forms.CharField(max_length=120, required=False)
    industry = forms.CharField(max_length=120, required=False)
    product = forms.CharField(max_length=120, required=False)
    team = ModelChoiceField(queryset=None, empty_label=None)
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.TEAM,
        label="Who can watch",
    )

    def __init__(self, *args, situations, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situation"].queryset = situations
        self.fields["team"].queryset = teams


class ClipEditForm(PlainLabels, forms.Form):
    """What the author may mend after sharing: the title, the tags, who can watch."""

    title = forms.CharField(max_length=140, error_messages={"required": "Give the clip a title."})
    tags = forms.CharField(max_length=300, required=False, help_text="Separated by commas.")
    visibility = forms.ChoiceField(
        choices=Visibility.choices, widget=forms.RadioSelect, label="Who can watch"
    )


class CommentForm(forms.Form):
    """A comment's new text (its author mending it)."""

    text = forms.CharField(error_messages={"required": "Write your feedback, or delete it."})


class TranscriptForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}))


class LibrarySettingsForm(PlainLabels, forms.Form):
    clip_max_seconds = forms.IntegerField(
        min_value=10,
        max_value=600,
        label="Longest clip (seconds)",
        help_text="Two minutes is enough to show one good practice.",
    )
    uploads_open_max = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=20,
        label="Uploads in progress per person",
        help_text="How many recordings one person may be sending at once.",
    )
    storage_mb_per_person = forms.IntegerField(
        required=False,
        min_value=100,
        max_value=1_000_000,
        label="Space per person (MB)",
        help_text="What one person's clips may take on disk, originals included.",
    )
    situations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 9}),
        label="Selling situations",
        help_text="One per line, in the order reps should see them.",
        error_messages={"required": "Keep at least one selling situation."},
    )

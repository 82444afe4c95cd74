from django import forms

from accounts.forms import PlainLabels


class TermForm(PlainLabels, forms.Form):
    name = forms.CharField(label="Term", max_length=80)
    definition = forms.CharField(
        label="What it means",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences, in the team's words.",
    )
    example = forms.CharField(
        label="An example",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What it sounds like on a call.",
    )


class TermEditForm(TermForm):
    aliases = forms.CharField(
        label="The team's own words for it",
        required=False,
        help_text="Separated by commas.",
    )


class AliasForm(PlainLabels, forms.Form):
    name = forms.CharField(label="Our word for it", max_length=80)

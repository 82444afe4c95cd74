from django import forms

from accounts.forms import PlainLabels


class ContributionForm(PlainLabels, forms.Form):
    kind = forms.CharField(max_length=20)
    text = forms.CharField(max_length=4000)
    owner = forms.IntegerField(required=False)
    due_on = forms.DateField(required=False)
    success = forms.CharField(max_length=300, required=False)
    credit = forms.CharField(max_length=30, required=False)
    # The phase the writer was in when they wrote it, and "ask anyway" after a question check.
    written_for = forms.CharField(max_length=30, required=False)
    ask_anyway = forms.BooleanField(required=False)


class RatingForm(PlainLabels, forms.Form):
    score = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        label="How useful was this session for you? (1-5)",
    )
    line = forms.CharField(max_length=200, required=False, label="One line for the team")


class ActionUpdateForm(PlainLabels, forms.Form):
    status = forms.ChoiceField(choices=[("open", "Open"), ("done", "Done"), ("dropped", "Dropped")])
    update = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="What happened since"
    )

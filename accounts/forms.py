from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from accounts.models import (
    TIME_ZONE_CHOICES,
    Appreciation,
    InviteRole,
    OrgRole,
    Team,
    TeamRole,
    User,
)
from roundtable import throttle
from roundtable.parsing import ModelChoiceField, ModelMultipleChoiceField


class PlainLabels:
    """Labels without Django's trailing colon: "Email", not "Email:"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PeopleField(ModelMultipleChoiceField):
    """Colleagues listed by their full names."""

    def label_from_instance(self, obj) -> str:
        return obj.full_name


class PersonField(ModelChoiceField):
    """One colleague, listed by full name."""

    def label_from_instance(self, obj) -> str:
        return obj.full_name


class SignInForm(PlainLabels, AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": (
            "That email and password do not match. Check both, or reset your password."
        ),
        "inactive": "This account is switched off. Ask your organisation's admin.",
    }

    def clean(self):
        """Refuse before checking the password once this account or this address has failed too
        often (even the right password waits); count each failure."""
        email = (self.data.get("username") or "").strip().lower()
        address = throttle.client_address(self.request) if self.request else "unknown"
        limit = throttle.SIGN_IN_ACCOUNT
        # Counted before the password is checked, so tries sent at once cannot all slip under
        # the limit; a successful sign-in gives its try back.
        tries = (
            (limit, email, throttle.hit(limit=limit, subject=email)),
            (
                throttle.SIGN_IN_ADDRESS,
                address,
                throttle.hit(limit=throttle.SIGN_IN_ADDRESS, subject=address),
            ),
        )
        if any(count > each.tries for each, _, count in tries):
            raise forms.ValidationError(
                f"Too many failed sign-ins. Wait {limit.minutes} minutes and try again, or "
                "reset your password now with “Forgot your password?” below.",
                code="throttled",
            )
        cleaned = super().clean()
        for each, who, _ in tries:
            throttle.give_back(limit=each, subject=who)
        return cleaned


class ProfileForm(PlainLabels, forms.ModelForm):
    photo = forms.FileField(
        required=False,
        label="Photo",
        help_text="A JPEG, PNG or WebP image up to 5 MB. We crop it to a square.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    remove_photo = forms.BooleanField(required=False, label="Remove my photo")
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, label="Time zone")
    language = forms.ChoiceField(choices=settings.LANGUAGES, label="Language")

    class Meta:
        model = User
        fields = [
            "full_name",
            "title",
            "time_zone",
            "language",
            "appreciation",
            "appreciation_note",
        ]
        labels = {"full_name": "Name", "language": "Language"}
        help_texts = {
            "appreciation": "Colleagues see this when they recognise you, so their thanks lands.",
            "appreciation_note": "For example: “tell me in the team meeting” or “a coffee”.",
        }
        widgets = {"appreciation": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appreciation"].choices = [("", "Not said yet"), *Appreciation.choices]
        if not self.instance.photo:
            del self.fields["remove_photo"]


class InvitationForm(PlainLabels, forms.Form):
    email = forms.EmailField(label="Work email")
    full_name = forms.CharField(label="Name (optional)", required=False, max_length=120)
    team = ModelChoiceField(queryset=Team.objects.none(), required=False, empty_label="No team")
    role = forms.ChoiceField(choices=InviteRole.choices, widget=forms.RadioSelect, initial="rep")

    def __init__(self, *args, teams, allow_all_roles: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        if not allow_all_roles:
            self.fields["role"].choices = [(InviteRole.REP, "Rep")]
            self.fields["team"].required = True
            self.fields["team"].empty_label = None


class AcceptInvitationForm(PlainLabels, forms.Form):
    full_name = forms.CharField(label="Your name", max_length=120)
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Type it again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ. Type the same one twice.")
        elif first:
            probe = User(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class TeamForm(PlainLabels, forms.Form):
    name = forms.CharField(max_length=80)
    description = forms.CharField(max_length=200, required=False)


class MembershipForm(PlainLabels, forms.Form):
    team = ModelChoiceField(queryset=Team.objects.none())
    role = forms.ChoiceField(choices=TeamRole.choices)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class AddMemberForm(PlainLabels, forms.Form):
    person = ModelChoiceField(queryset=User.objects.none(), label="Person")
    role = forms.ChoiceField(choices=TeamRole.choices)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class RoleForm(forms.Form):
    """A member's role in a team, changed from a row of the team or person page."""

    role = forms.ChoiceField(choices=TeamRole.choices)


class OrgRoleForm(PlainLabels, forms.Form):
    org_role = forms.ChoiceField(choices=OrgRole.choices, label="Organisation role")


class ResetRequestForm(PlainLabels, PasswordResetForm):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_email(self):
        """A few reset emails an hour per address and per network address: enough for a real
        person, too few to flood someone's inbox."""
        email = self.cleaned_data["email"].strip().lower()
        address = throttle.client_address(self.request) if self.request else "unknown"
        checks = ((throttle.RESET_ACCOUNT, email), (throttle.RESET_ADDRESS, address))
        if any(throttle.blocked(limit=limit, subject=who) for limit, who in checks):
            raise forms.ValidationError(
                "Too many reset requests. Wait an hour, then ask again; the emails already sent "
                "still work (look in your spam folder too)."
            )
        for limit, who in checks:
            throttle.hit(limit=limit, subject=who)
        return email


class NewPasswordForm(PlainLabels, SetPasswordForm):
    pass


class PrivacyForm(PlainLabels, forms.Form):
    admins_see_team_work = forms.BooleanField(
        required=False,
        label="Admins see every team's co-development material",
        help_text="Cases, session records, live rooms, team-only clips, stories and challenges. "
        "Off: only the team's members (and its managers) see them.",
    )
    admins_see_coaching = forms.BooleanField(
        required=False,
        label="Admins see 1:1 coaching records",
        help_text="Off: a 1:1 is the coach's and the rep's alone.",
    )

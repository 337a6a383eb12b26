import time

from django import forms
from django.conf import settings
from django.core import signing

from dateline.newsletters.models import Newsletter

FILL_SALT = "dateline.newsletters.fill"


def fill_token():
    """When the form was shown, signed: a form sent back faster than a person types is a
    robot's (as the comment form's time stamp)."""
    return signing.dumps(int(time.time()), salt=FILL_SALT)


class NewsletterChoiceField(forms.ModelMultipleChoiceField):
    """The newsletters ticked. A value that is no newsletter's id (ASCII digits that fit the
    database's integer) is refused before the database is asked: Django looks the ticks up
    with `id IN (...)`, where SQLite raises OverflowError for a number past 64 bits."""

    def clean(self, value):
        for choice in value or ():
            is_id = isinstance(choice, str) and choice.isascii() and choice.isdigit()
            if not is_id or len(choice) > 18:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": choice},
                )
        return super().clean(value)


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        error_messages={"required": "Please enter your email address.",
                        "invalid": "Please enter a whole email address, like name@example.org."},
    )  # fmt: skip
    newsletters = NewsletterChoiceField(
        label="What would you like?",
        queryset=Newsletter.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Please tick at least one newsletter."},
    )
    # A honeypot: people don't see it, robots fill it in.
    phone = forms.CharField(required=False, label="Leave this field empty")
    token = forms.CharField(widget=forms.HiddenInput)

    def clean_token(self):
        try:
            shown = signing.loads(self.cleaned_data["token"], salt=FILL_SALT, max_age=86400)
        except signing.SignatureExpired:
            raise forms.ValidationError("This form is too old: please send it again.") from None
        except signing.BadSignature:
            raise forms.ValidationError("Please send the form again.") from None
        if time.time() - shown < settings.NEWSLETTERS_MIN_FILL_SECONDS:
            raise forms.ValidationError("That was very quick: please send the form again.")
        return self.cleaned_data["token"]


class ManageForm(forms.Form):
    newsletters = NewsletterChoiceField(
        label="Your newsletters",
        queryset=Newsletter.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

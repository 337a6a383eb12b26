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


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        error_messages={"required": "Please enter your email address.",
                        "invalid": "Please enter a whole email address, like name@example.org."},
    )  # fmt: skip
    newsletters = forms.ModelMultipleChoiceField(
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
    newsletters = forms.ModelMultipleChoiceField(
        label="Your newsletters",
        queryset=Newsletter.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

import ipaddress
import time
from datetime import datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.core import signing
from django.core.signals import setting_changed
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.timezone import now

from dateline.comments.models import Comment
from dateline.comments.widgets import FastWidgetRenderer

TOKEN_SALT = "dateline.comments.form"
# A form older than this is refused (with the reader's text kept): it was scraped, not read.
TOKEN_MAX_AGE = 7 * 24 * 3600


def make_token(article):
    """The form's signed time stamp. It only changes once a second, so each article's is
    signed once a second (signing cost a twentieth of an article page's work)."""
    return signed_time(article.pk, int(time.time()))


@lru_cache(maxsize=256)
def signed_time(article_id, second):
    return signing.dumps({"a": article_id, "t": second}, salt=TOKEN_SALT)


def forget_signed_times(setting, **kwargs):
    if setting in ("SECRET_KEY", "SECRET_KEY_FALLBACKS", "SIGNING_BACKEND"):
        signed_time.cache_clear()


setting_changed.connect(forget_signed_times)


# A comment sent again is caught among the sender's latest this many on the article: an
# index lookup, where comparing every comment took longer the more a regular commented.
DUPLICATE_LOOKBACK = 50


def earlier_copy(article, body, email):
    """The comment with these words sent here already (by this address, where there is
    one), as a `Sent` (pk, status, ip_address, created_at) or None; and the statuses seen
    among this address's latest comments here (moderation need not ask again whether
    one of them was approved)."""
    if not email:
        earlier = Comment.objects.filter(article=article, body=body).exclude(
            status=Comment.Status.TRASH
        )
        row = earlier.order_by("-created_at").values_list(*Sent._fields).first()
        return (Sent(*row) if row else None), frozenset()
    latest = Comment.objects.by_email(email).filter(article=article).order_by("-created_at")
    # Compared here: a simple query the ORM builds in a fraction of a subquery's time. Only
    # the words and status of each: a copy is rare, and its other fields are read then.
    rows = list(latest.values_list("pk", "body", "status")[:DUPLICATE_LOOKBACK])
    statuses = frozenset(status for _, _, status in rows)
    for pk, sent, status in rows:
        if sent == body and status != Comment.Status.TRASH:
            copy = Comment.objects.filter(pk=pk).values_list(*Sent._fields).get()
            return Sent(*copy), statuses
    return None, statuses


class Sent(NamedTuple):
    pk: int
    status: str
    ip_address: str | None
    created_at: datetime


def same_sender(ip, earlier):
    """Whether a repeat comes from where the first copy came from (a second press of Post,
    or nginx trying a POST again whose worker died): then it answers as the first did."""
    if not ip or not earlier.ip_address:
        return False
    try:
        return ipaddress.ip_address(ip) == ipaddress.ip_address(earlier.ip_address)
    except ValueError:
        return False


class CommentForm(forms.Form):
    """The reader's comment form. Its bot checks (honeypot, signed fill time, duplicate)
    are `clean_*` methods, each with a message a human can act on."""

    comment = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 6}))
    name = forms.CharField(label="Name", max_length=100)
    email = forms.EmailField(label="Email", max_length=254)
    website = forms.URLField(
        label="Website",
        max_length=200,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": "Enter a web address starting with http:// or https://."},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput)
    # The honeypot: hidden from people (and from screen readers); bots fill it in.
    phone = forms.CharField(required=False, label="Leave this field empty")
    remember = forms.BooleanField(
        required=False,
        label="Save my name, email, and website in this browser for the next time I comment.",
    )

    field_names = {"comment": "comment", "name": "name", "email": "email", "website": "website"}
    # The same HTML as Django's widget templates, written in Python (comments/widgets.py).
    default_renderer = FastWidgetRenderer()

    def __init__(self, article, *args, sender_ip=None, **kwargs):
        self.article = article
        self.sender_ip = sender_ip
        # The comment this form repeats, when it is a resend (see clean()).
        self.resent = None
        # Statuses of the sender's latest comments on the story, as clean() read them.
        self.earlier_statuses = frozenset()
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("token", make_token(article))
        super().__init__(*args, **kwargs)
        required = set(settings.COMMENTS_REQUIRED_FIELDS)
        for name in self.field_names:
            self.fields[name].required = name in required
        limit = settings.COMMENTS_MAX_LENGTH
        # No maxlength attribute in the page: a browser would cut a pasted comment short
        # without a word; the server says what the limit is instead.
        self.fields["comment"].validators.append(MaxLengthValidator(limit))
        self.fields["comment"].error_messages["max_length"] = (
            f"Comments can be at most {limit:,} characters long "
            "(yours has %(show_value)d). Please shorten it."
        )
        for name in ("name", "email", "website"):
            self.fields[name].error_messages["required"] = f"Please enter your {name}."
        self.fields["comment"].error_messages["required"] = "Please write a comment."

    @property
    def reader_fields(self):
        """The fields a reader fills in, in the order the page shows them."""
        return [self[name] for name in self.field_names]

    def clean_comment(self):
        return self.cleaned_data["comment"].strip()

    def clean_phone(self):
        if self.cleaned_data["phone"]:
            raise forms.ValidationError("This field must be left empty.")
        return ""

    def clean_token(self):
        try:
            data = signing.loads(self.cleaned_data["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.SignatureExpired:
            raise self.expired() from None
        except signing.BadSignature:
            raise self.expired() from None
        if not isinstance(data, dict) or data.get("a") != self.article.pk:
            raise self.expired()
        elapsed = time.time() - data.get("t", 0)
        if elapsed < settings.COMMENTS_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                "That was quicker than anyone can type. "
                "Please check your comment and send it again."
            )
        return self.cleaned_data["token"]

    def expired(self):
        # A fresh token goes out with the re-shown form, so sending again works.
        self.data = self.data.copy()
        self.data["token"] = make_token(self.article)
        return forms.ValidationError(
            "This form had expired. Your comment is still here: please send it again."
        )

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.approved().filter(article=self.article, pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError("The comment you are replying to is no longer available.")
        if parent.depth + 1 >= settings.COMMENTS_MAX_DEPTH:
            raise forms.ValidationError("Replies can't nest any deeper here.")
        return parent

    def clean(self):
        cleaned = super().clean()
        body, email = cleaned.get("comment"), cleaned.get("email")
        if not body:
            return cleaned
        earlier, self.earlier_statuses = earlier_copy(self.article, body, email)
        if earlier is None:
            return cleaned
        window = timedelta(seconds=settings.COMMENTS_RESEND_SECONDS)
        if same_sender(self.sender_ip, earlier) and now() - earlier.created_at < window:
            self.resent = earlier
        else:
            raise forms.ValidationError(
                "You have already posted this comment here. It appears once a moderator "
                "approves it, if it hasn't already."
            )
        return cleaned

    @property
    def token_or_parent_errors(self):
        return [*self.errors.get("token", []), *self.errors.get("parent", [])]

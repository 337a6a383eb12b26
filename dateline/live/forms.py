from django import forms
from django.utils.html import escape

from dateline.live.models import Entry


def as_html(text):
    """What the composer's box holds, as entry HTML: typed tags stay (the sanitiser keeps
    the allowed ones); plain text becomes paragraphs."""
    text = text.strip()
    if "<" in text:
        return text
    paragraphs = [" ".join(part.split()) for part in text.split("\n\n") if part.strip()]
    return "".join(f"<p>{escape(part)}</p>" for part in paragraphs)


class EntryForm(forms.ModelForm):
    """The composer: a few lines, sent with Ctrl+Enter (live/composer.js)."""

    body = forms.CharField(
        label="Update",
        widget=forms.Textarea(attrs={"rows": 4, "class": "live-composer-body"}),
        help_text="A few lines. Blank lines start a new paragraph; <strong>, <em> and links "
        "work. Ctrl+Enter (⌘+Enter) posts it.",
        error_messages={"required": "Write the update first."},
    )

    class Meta:
        model = Entry
        fields = ["body", "author", "image", "image_alt", "is_pinned"]

    def clean_body(self):
        return as_html(self.cleaned_data["body"])

    def clean(self):
        data = super().clean()
        if data.get("image") and not data.get("image_alt", "").strip():
            self.add_error("image_alt", "Describe the picture for readers who cannot see it.")
        return data


class EditEntryForm(EntryForm):
    edit_reason = forms.CharField(
        label="Why it changed",
        max_length=300,
        help_text='Shown to readers with "Updated hh:mm" (for a correction, say what was wrong).',
        error_messages={"required": "Say why the update changed: readers see it."},
    )

    class Meta(EntryForm.Meta):
        fields = [*EntryForm.Meta.fields, "edit_reason"]


class DeleteEntryForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        label="Why it goes",
        error_messages={"required": "Say why: the reason is kept in the log."},
    )

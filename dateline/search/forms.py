from datetime import date, datetime, time, timedelta

from django import forms
from django.utils.timezone import get_current_timezone

from dateline.search.backends import Filters
from dateline.topics.models import Topic

# The calendar's first and last days, moved in by one: their midnight has no UTC time in
# every time zone, nor has the day after the last (the API does the same, api/views.py
# start_of_day). No story is that old, or that far ahead.
FIRST_DAY, LAST_DAY = date(1, 1, 2), date(9999, 12, 30)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", required=False, max_length=10_000)
    topic = forms.ModelChoiceField(
        label="Topic", queryset=Topic.objects.all(), required=False, to_field_name="slug",
        empty_label="Any topic",
    )  # fmt: skip
    since = forms.DateField(label="From", required=False, widget=forms.DateInput({"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput({"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", "The end date is before the start date.")
        return cleaned

    def filters(self):
        data = self.cleaned_data if self.is_valid() else {}
        zone = get_current_timezone()

        def start_of(day):
            return datetime.combine(min(max(day, FIRST_DAY), LAST_DAY), time.min, tzinfo=zone)

        since, until = data.get("since"), data.get("until")
        return Filters(
            topic_id=data["topic"].pk if data.get("topic") else None,
            since=start_of(since) if since else None,
            until=start_of(min(until, LAST_DAY) + timedelta(days=1)) if until else None,
        )

"""Writes to the front page's arrangements. The admin saves arrangements with its own
forms and then calls `refresh_front_page`; the rest (tests, commands) call
`arrange_front_page`."""

from django.db import transaction

from dateline import changes
from dateline.frontpage.models import Arrangement, Slot
from dateline.frontpage.schedule import remember_next_change


def refresh_front_page():
    """Readers see the arrangements as they now are: the cached home page goes once this
    transaction commits, and the next scheduled change is remembered for the page cache."""
    # Registered before the announcement's own commit hook: a home page rendered between
    # the two must already be kept no longer than the new next change.
    transaction.on_commit(remember_next_change)
    changes.announce(changes.HOME)


@transaction.atomic
def arrange_front_page(*, lead=None, top=(), topics=None, starts_at=None, note="", by=None):
    """A new arrangement: `lead` a story, `top` the Top stories in order (None leaves a
    slot to the rule), `topics` {topic: [stories in order]}; from `starts_at` (default:
    now)."""
    arrangement = Arrangement(note=note, created_by=by)
    if starts_at is not None:
        arrangement.starts_at = starts_at
    arrangement.save()
    placed = [(Slot.Zone.LEAD, None, [lead]), (Slot.Zone.TOP, None, top)]
    placed += [(Slot.Zone.TOPIC, topic, stories) for topic, stories in (topics or {}).items()]
    slots = [
        Slot(arrangement=arrangement, zone=zone, topic=topic, position=position, article=article)
        for zone, topic, stories in placed
        for position, article in enumerate(stories, start=1)
        if article is not None
    ]
    for slot in slots:
        slot.full_clean(exclude=["arrangement"])
    Slot.objects.bulk_create(slots)
    refresh_front_page()
    return arrangement


@transaction.atomic
def delete_arrangements(arrangements):
    arrangements.delete()
    refresh_front_page()

from unittest import TestCase

from dateline.frontpage.layout import Zone, fill


class FillTestCase(TestCase):
    """The rule on its own: ids stand for stories, newest first in the lists given."""

    def test_empty_slots_take_the_newest_stories_in_page_order(self):
        lead, top, europe = Zone("lead", 1), Zone("top", 3), Zone(7, 2)
        fill([lead, top, europe], newest=[1, 2, 3, 4, 5], newest_in_topic={7: [3, 9, 8]})
        self.assertEqual(lead.slots, [1])
        self.assertEqual(top.slots, [2, 3, 4])
        self.assertEqual(europe.slots, [9, 8])

    def test_a_story_placed_in_a_higher_zone_is_skipped_below(self):
        lead = Zone("lead", 1, placed={1: 5})
        top = Zone("top", 3, placed={2: 5, 3: 6})
        europe = Zone(7, 2, placed={1: 6})
        fill([lead, top, europe], newest=[1, 2, 3], newest_in_topic={7: [4, 8]})
        self.assertEqual(lead.slots, [5])
        self.assertEqual(top.slots, [1, 2, 6])  # slot 2 given back to the rule
        self.assertEqual(europe.slots, [4, 8])

    def test_the_rule_never_takes_a_story_placed_lower_down(self):
        top, europe = Zone("top", 2), Zone(7, 2, placed={2: 1})
        fill([Zone("lead", 1), top, europe], newest=[1, 2, 3, 4], newest_in_topic={7: [1, 5]})
        self.assertEqual(top.slots, [3, 4])
        self.assertEqual(europe.slots, [5, 1])

    def test_a_zone_short_of_stories_shows_what_there_is(self):
        top = Zone("top", 6)
        fill([Zone("lead", 1), top, Zone(7, 4)], newest=[1, 2, 3], newest_in_topic={})
        self.assertEqual(top.slots, [2, 3])

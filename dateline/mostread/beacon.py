"""Whether a beacon counts as a reader's view, and counting it: the same rules for the view
(views.py) and for beacons answered before Django (wsgi.py). Each check is one function.
Nothing about the reader is read beyond the user agent and where the beacon came from,
and nothing is kept."""

import logging
import re

from dateline.mostread import services

logger = logging.getLogger(__name__)

# User agents that say they are not a person reading: search engines' and social sites'
# crawlers and link previews ("Googlebot", "bingbot", "Yahoo! Slurp", "facebookexternalhit",
# "Slackbot-LinkExpanding", "SkypeUriPreview"), headless browsers ("HeadlessChrome",
# Lighthouse) and HTTP libraries ("python-requests", "curl", "Go-http-client",
# "Apache-HttpClient", "okhttp", "node-fetch"). Browsers' own do not contain these words
# (a phone's name may: a CUBOT phone's views are not counted).
# Matched against the lowercased user agent: re.IGNORECASE made the search ten times slower
# (30 µs), more than all the rest of counting a view.
ROBOTS = re.compile(
    r"bot|crawl|spider|slurp|preview|externalhit|headless|lighthouse|python|curl|wget|http|fetch"
)
# Article ids the database can hold: a larger number names no article.
LARGEST_ID = 2**63 - 1


def count_if_read(*, method, user_agent, sent_from, article_id):
    """Count a view of `article_id` if the beacon is a reader's. Never raises: the reader's
    page has loaded already, and a database or cache hiccup must cost a few views (kept
    for the next flush where it can), never an error."""
    if not (
        method == "POST"
        and not looks_like_a_robot(user_agent)
        and sent_by_our_own_page(sent_from)
        and article_id <= LARGEST_ID
    ):
        return
    try:
        services.count_view(article_id)
    except Exception:
        logger.warning("Most read: could not save the views counted", exc_info=True)


def looks_like_a_robot(user_agent):
    return not user_agent or ROBOTS.search(user_agent.lower()) is not None


def sent_by_our_own_page(sent_from):
    """Not a beacon another site's page makes its visitors' browsers send. Browsers say
    where a request comes from (`Sec-Fetch-Site`); those too old to say are believed."""
    return sent_from in (None, "same-origin")

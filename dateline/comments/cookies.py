"""The two cookies of the comment form, both signed so they can't be forged:

- the commenter's saved name, email and website (only when they ask for it);
- the ids of their own comments that await moderation, so that they (and only they)
  see them on the page.
"""

from django.core import signing

COMMENTER_COOKIE = "dateline_commenter"
HELD_COOKIE = "dateline_held"
ONE_YEAR = 365 * 24 * 3600
MAX_HELD = 20


def saved_commenter(request):
    try:
        data = signing.loads(request.COOKIES.get(COMMENTER_COOKIE, ""), salt=COMMENTER_COOKIE)
    except signing.BadSignature:
        return {}
    return data if isinstance(data, dict) else {}


def remember_commenter(response, *, name, email, website):
    value = signing.dumps({"name": name, "email": email, "website": website}, salt=COMMENTER_COOKIE)
    response.set_cookie(
        COMMENTER_COOKIE, value, max_age=ONE_YEAR, httponly=True, samesite="Lax", secure=False
    )


def forget_commenter(response):
    response.delete_cookie(COMMENTER_COOKIE, samesite="Lax")


def held_comment_ids(request):
    try:
        ids = signing.loads(request.COOKIES.get(HELD_COOKIE, ""), salt=HELD_COOKIE)
    except signing.BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def add_held_comment(request, response, comment_id):
    ids = [*held_comment_ids(request), comment_id][-MAX_HELD:]
    response.set_cookie(
        HELD_COOKIE,
        signing.dumps(ids, salt=HELD_COOKIE),
        max_age=30 * 24 * 3600,
        httponly=True,
        samesite="Lax",
    )

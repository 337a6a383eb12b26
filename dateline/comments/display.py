"""Everything the article page needs to show its comment section, in at most two queries:
the approved comments (threads built in Python), and the reader's own held comments when
their browser says they have some."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from dateline.articles.templatetags.dateline_dates import iso_datetime, long_datetime
from dateline.comments import cookies
from dateline.comments.forms import CommentForm
from dateline.comments.models import Comment
from dateline.comments.threads import build_threads


def is_id(value):
    """ASCII digits: int() refuses "²", which isdigit() accepts."""
    return value.isascii() and value.isdigit()


def own_held_comments(request, article):
    ids = cookies.held_comment_ids(request)
    if not ids:
        return []
    held = list(
        Comment.objects.for_article(article)
        .filter(pk__in=ids, status__in=[Comment.Status.PENDING, Comment.Status.SPAM])
        .for_display()
    )
    for comment in held:
        comment.is_held = True
    return held


def shown(comment, open_for_comments):
    """What comments/_comment.html shows of a comment and its replies, worked out once, as
    a dict: the template engine finds a dict's keys at its first try, where each attribute
    of a model costs it an exception, and numbers and dates shown from Python skip its
    localisation. Rendering the comments took more than half of an article page's time."""
    is_held = getattr(comment, "is_held", False)
    return {
        "pk": str(comment.pk),
        "author": comment.author_name or "Anonymous",
        "author_url": comment.author_url,
        "is_held": is_held,
        "iso_time": iso_datetime(comment.created_at),
        "long_time": long_datetime(comment.created_at),
        "body_html": mark_safe(linebreaks(comment.body, autoescape=True)),
        "can_reply": open_for_comments
        and not is_held
        and comment.depth + 1 < settings.COMMENTS_MAX_DEPTH,
        "replies": [shown(reply, open_for_comments) for reply in comment.thread_replies],
    }


def shows_what_everyone_sees(request):
    """Whether this view of an article shows the comments every reader sees (the first
    page, none of the reader's own awaiting moderation): the ones an article page may take
    from its stored parts (pages/parts.py)."""
    return request.GET.get("cpage", "1") == "1" and not cookies.held_comment_ids(request)


def comment_section(request, article, *, form=None, notice=None):
    """The comment section, its list rendered from the comments."""
    approved = list(Comment.objects.approved().for_article(article).for_display())
    visible = sorted(
        approved + own_held_comments(request, article), key=lambda c: (c.created_at, c.pk)
    )
    threads = build_threads(visible)
    paginator = Paginator(threads, settings.COMMENTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("cpage") or 1)
    except InvalidPage:
        raise Http404("There is no such page of comments.") from None
    open_for_comments = article.comments_are_open
    page.object_list = [shown(comment, open_for_comments) for comment in page.object_list]
    held = request.GET.get("held", "")
    held_notice = is_id(held) and any(
        getattr(c, "is_held", False) and c.pk == int(held) for c in visible
    )
    by_pk = {comment.pk: comment for comment in approved}
    section = form_section(request, article, by_pk.get, form=form, notice=notice)
    return {**section, "page": page, "held_notice": held_notice}


def comment_form_section(request, article, *, form=None, notice=None):
    """The comment section without its list, which comes from the article's stored parts:
    a reply form looks up the one comment it answers. "form" is None where the blank form
    serves (`shows_blank_form`): the page takes it from the stored parts too."""

    def approved_comment(pk):
        return Comment.objects.approved().for_article(article).filter(pk=pk).first()

    section = form_section(request, article, approved_comment, form=form, notice=notice)
    return {**section, "held_notice": False}


def shows_blank_form(request, reply_to, form, notice):
    """Whether the reader gets the form every reader gets: nothing typed or remembered, no
    reply, no notice."""
    return (
        form is None
        and notice is None
        and reply_to is None
        and cookies.COMMENTER_COOKIE not in request.COOKIES
    )


def blank_form(article, token):
    """The blank form, carrying `token` for its signed time stamp."""
    return CommentForm(article, initial={"token": token, "remember": False})


def form_section(request, article, approved_comment, *, form, notice):
    open_for_comments = article.comments_are_open
    reply_to = None
    raw_reply = request.GET.get("replyto", "")
    if is_id(raw_reply):
        reply_to = approved_comment(int(raw_reply))
        if reply_to and reply_to.depth + 1 >= settings.COMMENTS_MAX_DEPTH:
            reply_to = None
    if form is None and not shows_blank_form(request, reply_to, form, notice):
        initial = {**cookies.saved_commenter(request)}
        initial["remember"] = bool(initial)
        if reply_to:
            initial["parent"] = reply_to.pk
        form = CommentForm(article, initial=initial)
    elif form is not None and form.is_bound and is_id(form.data.get("parent", "")):
        reply_to = approved_comment(int(form.data["parent"]))

    return {
        # A string: the template engine would localise a number, a thirtieth of the page.
        "count": str(article.comment_count),
        "form": form,
        "notice": notice,
        "reply_to": reply_to,
        "open": bool((form is not None and form.is_bound) or reply_to or notice
                     or request.GET.get("comments") or request.GET.get("held")
                     or request.GET.get("cpage")),
        "is_open_for_comments": open_for_comments,
        "max_depth": settings.COMMENTS_MAX_DEPTH,
        "required": set(settings.COMMENTS_REQUIRED_FIELDS),
    }  # fmt: skip

"""The reader pages: article, front page, latest stories, archives, topic and author pages,
the staff preview, and the article page re-shown with a comment form's errors. Each page
that is the same for every anonymous reader is a `shared_page`, tagged with what it shows
(`request.cache_tags`, dateline/changes.py), for the page cache to keep."""

import datetime

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date
from django.urls import reverse
from django.views import csrf
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dateline import changes as tags
from dateline.articles.models import Article, rendering_prefetches
from dateline.articles.page_query import page_article
from dateline.authors.models import Author
from dateline.comments import cookies, display, services
from dateline.comments.forms import CommentForm
from dateline.comments.models import Comment
from dateline.frontpage.display import front_page
from dateline.http import content_etag, shared_page
from dateline.live import display as live_display
from dateline.mostread.display import MOST_READ
from dateline.newsletters.forms import SignUpForm
from dateline.newsletters.offer import signup_box
from dateline.newsletters.views import signup_page
from dateline.newsroom.roles import can_edit_any, is_author_of
from dateline.pages import parts as parts_store
from dateline.pages.structured import breadcrumbs
from dateline.pagination import paginate_or_404
from dateline.related.models import RelatedLink, Story
from dateline.topics.models import Topic


@content_etag
@shared_page(reads=("comments", "cpage", "held", "replyto", "updates"))
def article_detail(request, topic_slug, slug):
    article = page_article(slug)
    if article is None:
        # An old address of an article whose slug changed: send readers to the new one.
        moved = get_object_or_404(
            Article.objects.published().select_related("primary_topic"), old_slugs__slug=slug
        )
        return redirect(moved, permanent=True)
    if article.primary_topic.slug != topic_slug:
        # The article's address follows its primary topic: send old links to the new one.
        return redirect(article, permanent=True)
    return render_article_page(request, article)


def render_article_page(
    request, article, *, comment_form=None, comment_notice=None, status=200, preview=False
):
    """The article page; the comment view uses it too, to re-show a form with its errors.

    Most views join the parts stored for the article (pages/parts.py) around the
    comment section; the others, and the first view after a change, render the parts
    from the models first."""

    updates_page = live_display.page_number(request)
    usual_view = not preview and updates_page == 1 and display.shows_what_everyone_sees(request)
    parts = parts_store.stored(article) if usual_view else None
    if parts is None:
        version = parts_store.version_read(article)
        prefetch_related_objects([article], *rendering_prefetches())
        related = list(RelatedLink.objects.live_or_scheduled(article))
        comments = display.comment_section(
            request, article, form=comment_form, notice=comment_notice
        )
        coverage = live_display.coverage_of(article)
        live = live_display.live_block(article, coverage, updates_page) if coverage else None
        parts = parts_store.render(article, related, comments, preview=preview, live=live)
        if usual_view:
            parts_store.store(article, parts, version)
    else:
        comments = display.comment_form_section(
            request, article, form=comment_form, notice=comment_notice
        )
    request.cache_tags = [
        tags.article(article.pk),
        tags.comments(article.pk),
        MOST_READ,
        *map(tags.article, parts.values["related_ids"]),
    ]
    html, content_key = parts_store.page(parts, request, article, comments)
    response = HttpResponse(html, status=status)
    response.content_key = content_key
    return response


@content_etag
@shared_page(reads=("p",))
def home(request):
    # The page shows stories as the editors arranged them (dateline/frontpage): a story's
    # change, and a new arrangement, announce HOME.
    request.cache_tags = [tags.HOME]
    return render(request, "pages/home.html", front_page())


@content_etag
@shared_page(reads=("page",))
def latest(request):
    request.cache_tags = [tags.HOME]
    page = paginate_or_404(request, Article.objects.published().for_listing())
    return render(request, "pages/archive.html", {"title": "Latest stories", "page": page})


@content_etag
@shared_page
def archive_index(request):
    request.cache_tags = [tags.HOME]
    years = Article.objects.published().dates("published_at", "year", order="DESC")
    return render(request, "pages/archive_index.html", {"years": years})


@content_etag
@shared_page(reads=("page",))
def archive(request, year, month=None):
    request.cache_tags = [tags.HOME]
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        raise Http404("No such date.")
    articles = Article.objects.published().filter(published_at__year=year)
    months = articles.dates("published_at", "month")
    if month is not None:
        articles = articles.filter(published_at__month=month)
    page = paginate_or_404(request, articles.for_listing())
    if not page.object_list:
        raise Http404("Nothing was published then.")
    title = date(datetime.date(year, month, 1), "F Y") if month else str(year)
    context = {"title": f"Stories from {title}", "page": page, "year": year, "months": months}
    return render(request, "pages/archive.html", context)


@content_etag
@shared_page(reads=("page",))
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    request.cache_tags = [tags.topic(topic.pk)]
    page = paginate_or_404(request, Article.objects.published().in_topic(topic).for_listing())
    context = {
        "topic": topic,
        "page": page,
        "canonical": request.build_absolute_uri(topic.get_absolute_url()),
        "breadcrumbs": breadcrumbs(request, (topic.name, topic.get_absolute_url())),
        "newsletter_box": signup_box(),
    }
    return render(request, "pages/topic.html", context)


@content_etag
@shared_page
def story_detail(request, slug):
    """A developing story: every live article in it, newest first."""
    story = get_object_or_404(Story, slug=slug)
    articles = list(Article.objects.published().filter(story_member__story=story).for_listing())
    if not articles:
        raise Http404("Nothing of this story is published.")
    request.cache_tags = [tags.story(story.pk), *(tags.article(a.pk) for a in articles)]
    context = {
        "story": story,
        "articles": articles,
        "canonical": request.build_absolute_uri(story.get_absolute_url()),
        "breadcrumbs": breadcrumbs(request, (story.name, story.get_absolute_url())),
    }
    return render(request, "pages/story.html", context)


@content_etag
@shared_page(reads=("page",))
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    request.cache_tags = [tags.author(author.pk)]
    page = paginate_or_404(request, Article.objects.published().by_author(author).for_listing())
    return render(request, "pages/author.html", {"author": author, "page": page})


def get_article_for_preview(request, pk):
    """Staff who may edit the article see it, whatever its status; everyone else gets a 404."""
    article = Article.objects.for_article_page().filter(pk=pk).first()
    user = request.user
    if article is None or not user.is_staff or not user.has_perm("articles.view_article"):
        raise Http404("No such article.")
    if not (can_edit_any(user) or is_author_of(user, article)):
        raise Http404("No such article.")
    return article


@never_cache
def preview_article(request, pk):
    article = get_article_for_preview(request, pk)
    response = render_article_page(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# Posting a comment: it goes through, or the article page comes back with the form, what
# the reader typed and what to fix.
@require_POST
def post_comment(request):
    article_id = request.POST.get("article", "")
    if not display.is_id(article_id):
        raise Http404("No such article.")
    # Only what posting reads (whether comments are open, the address to go back to): most
    # comments go through, and the page is read again only to show a form with its errors.
    posted_to = (
        Article.objects.published()
        .select_related("primary_topic")
        .only("slug", "status", "published_at", "comments_open", "primary_topic__slug")
    )
    article = get_object_or_404(posted_to, pk=article_id)
    ip = services.client_ip(request)
    form = CommentForm(article, request.POST, sender_ip=ip)

    def form_again(notice=None, status=400):
        page = Article.objects.for_article_page().get(pk=article.pk)
        return render_article_page(
            request, page, comment_form=form, comment_notice=notice, status=status
        )

    if not article.comments_are_open:
        return form_again("Comments are closed.", status=403)
    if not form.is_valid():
        return form_again()

    data = form.cleaned_data
    if form.resent:
        # Sent again from where it came from, minutes ago: the answer it got the first
        # time, not a second comment (nor an error the reader can do nothing about).
        return comment_posted(request, article, form.resent, data)
    if services.is_flooding(ip, data["email"]):
        notice = (
            f"You're commenting too quickly: please wait {settings.COMMENTS_FLOOD_SECONDS} "
            "seconds between comments, then send this one again. Your comment is still here."
        )
        return form_again(notice, status=429)

    comment = services.post_comment(
        article=article,
        body=data["comment"],
        name=data["name"],
        email=data["email"],
        url=data["website"],
        parent=data["parent"],
        ip=ip,
        agent=request.META.get("HTTP_USER_AGENT", ""),
        earlier_statuses=form.earlier_statuses,
    )
    return comment_posted(request, article, comment, data)


def comment_posted(request, article, comment, data):
    """Back to the article: at the comment if it is shown, or at the held comment that
    only its sender sees."""
    if comment.status == Comment.Status.APPROVED:
        response = redirect(f"{article.get_absolute_url()}?comments=open#comment-{comment.pk}")
    else:
        response = redirect(f"{article.get_absolute_url()}?held={comment.pk}#comment-{comment.pk}")
        cookies.add_held_comment(request, response, comment.pk)
    response.status_code = 303
    if data["remember"]:
        cookies.remember_commenter(
            response, name=data["name"], email=data["email"], website=data["website"]
        )
    else:
        cookies.forget_commenter(response)
    return response


def csrf_failure(request, reason=""):
    """A comment form (or a newsletter sign-up) without a valid CSRF token keeps
    everything the reader typed.

    Article pages carry no token; it happens when JavaScript did not fetch one (it is off,
    or failed): the form comes back with a fresh token and asks for one more click. A forged
    request from another site gets this page too, which creates nothing. Anything else
    gets Django's usual 403.
    """
    if request.path == reverse("newsletters:signup"):
        notice = (
            "You are not subscribed yet: to protect you from forged sign-ups, please check "
            "your address and press Subscribe once more."
        )
        return signup_page(request, SignUpForm(request.POST), notice=notice, status=403)
    if request.path != reverse("comments:post"):
        return csrf.csrf_failure(request, reason)
    article_id = request.POST.get("article", "")
    article = (
        Article.objects.published().for_article_page().filter(pk=article_id).first()
        if display.is_id(article_id)
        else None
    )
    if article is None:
        return csrf.csrf_failure(request, reason)
    form = CommentForm(article, request.POST)
    notice = (
        "Your comment has not been sent yet: to protect you from forged submissions, "
        "please check it and press Post Comment once more."
    )
    return render_article_page(
        request, article, comment_form=form, comment_notice=notice, status=403
    )

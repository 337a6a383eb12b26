import logging

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import csrf
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST

from dateline.articles.models import Article
from dateline.articles.views import render_article_page
from dateline.comments import cookies, services
from dateline.comments.forms import CommentForm
from dateline.comments.models import Comment
from dateline.csrf import get_token

logger = logging.getLogger(__name__)


def client_ip(request):
    # Behind a trusted front server, TrustedProxyMiddleware has put the reader's own
    # address here (TRUSTED_PROXIES).
    return request.META.get("REMOTE_ADDR") or None


def is_flooding(ip, email):
    """One comment per COMMENTS_FLOOD_SECONDS per IP address and per email address."""
    seconds = settings.COMMENTS_FLOOD_SECONDS
    if seconds <= 0:
        return False
    keys = [f"comments:flood:ip:{ip}"] if ip else []
    if email:
        keys.append(f"comments:flood:email:{email.lower()}")
    # cache.add only succeeds for a key not already there: the check and the claim are one step.
    try:
        claimed = [cache.add(key, 1, timeout=seconds) for key in keys]
    except Exception:
        logger.warning("Cache unavailable: flood control is off until it is back")
        return False
    return not all(claimed)


@require_POST
def post_comment(request):
    article_id = request.POST.get("article", "")
    if not article_id.isdigit():
        raise Http404("No such article.")
    article = get_object_or_404(Article.objects.published().for_article_page(), pk=article_id)
    form = CommentForm(article, request.POST)

    if not article.comments_are_open:
        return render_article_page(
            request, article, comment_form=form, comment_notice="Comments are closed.", status=403
        )
    if not form.is_valid():
        return render_article_page(request, article, comment_form=form, status=400)

    data = form.cleaned_data
    ip = client_ip(request)
    if is_flooding(ip, data["email"]):
        notice = (
            f"You're commenting too quickly: please wait {settings.COMMENTS_FLOOD_SECONDS} "
            "seconds between comments, then send this one again. Your comment is still here."
        )
        return render_article_page(
            request, article, comment_form=form, comment_notice=notice, status=429
        )

    comment = services.post_comment(
        article=article,
        body=data["comment"],
        name=data["name"],
        email=data["email"],
        url=data["website"],
        parent=data["parent"],
        ip=ip,
        agent=request.META.get("HTTP_USER_AGENT", ""),
    )
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
    """A comment form without a valid CSRF token keeps everything the reader typed.

    It happens when the page came from the page cache and JavaScript did not fill in the
    token: the form comes back with a fresh token and asks for one more click. A forged
    request from another site gets this page too, which creates nothing. Anything else
    gets Django's usual 403.
    """
    if request.path != reverse("comments:post"):
        return csrf.csrf_failure(request, reason)
    article_id = request.POST.get("article", "")
    article = (
        Article.objects.published().for_article_page().filter(pk=article_id).first()
        if article_id.isdigit()
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


@ensure_csrf_cookie
@never_cache
def csrf_token(request):
    """The token for a comment form on a cached page (filled in by comments.js)."""
    return JsonResponse({"token": get_token(request)})

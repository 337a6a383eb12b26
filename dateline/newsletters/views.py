"""The reader's side: sign up (double opt-in), confirm, manage, unsubscribe in one click,
and the archive of sent issues. No account: the signed link in the e-mail is the key."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from dateline import changes
from dateline.http import content_etag, shared_page
from dateline.newsletters import services, tokens
from dateline.newsletters.forms import ManageForm, SignUpForm, fill_token
from dateline.newsletters.models import Issue, Newsletter, Subscriber, Subscription
from dateline.pagination import paginate_or_404


def signup_form(data=None):
    return SignUpForm(data, initial={"token": fill_token()})


def signup_page(request, form, *, notice=None, status=200):
    context = {
        "form": form,
        "notice": notice,
        "newsletters": Newsletter.objects.filter(is_active=True),
    }
    return render(request, "newsletters/newsletters.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def newsletters(request):
    form = signup_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ip = request.META.get("REMOTE_ADDR") or None
        if not data["phone"] and not services.is_signing_up_too_often(ip, data["email"]):
            services.sign_up(
                data["email"],
                list(data["newsletters"]),
                page=request.META.get("HTTP_REFERER", request.path),
                ip=ip,
            )
        # The same answer whatever happened: the form never tells whether an address is
        # already subscribed.
        return render(request, "newsletters/check_inbox.html", {"email": data["email"]})
    context = {"form": form, "newsletters": Newsletter.objects.filter(is_active=True)}
    return render(
        request, "newsletters/newsletters.html", context, status=400 if form.errors else 200
    )


def subscriber_from(action, token):
    value = tokens.read(action, token)
    if value is None:
        return None, None
    subscriber = Subscriber.objects.filter(pk=value["s"]).first()
    newsletter = Newsletter.objects.filter(pk=value["n"]).first() if "n" in value else None
    return subscriber, newsletter


def bad_link(request):
    return render(request, "newsletters/bad_link.html", {"form": signup_form()}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscriber, _ = subscriber_from(tokens.CONFIRM, token)
    if subscriber is None:
        return bad_link(request)
    # A GET only shows a button: mail scanners that open every link confirm nothing.
    if request.method == "POST":
        services.confirm(subscriber)
        return render(request, "newsletters/confirmed.html", {"subscriber": subscriber})
    return render(request, "newsletters/confirm.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    subscriber, _ = subscriber_from(tokens.MANAGE, token)
    if subscriber is None:
        return bad_link(request)
    current = Newsletter.objects.filter(
        subscriptions__subscriber=subscriber,
        subscriptions__status__in=[Subscription.Status.ACTIVE, Subscription.Status.PENDING],
    )
    form = ManageForm(request.POST or None, initial={"newsletters": list(current)})
    saved = False
    if request.method == "POST" and form.is_valid():
        chosen = [] if "leave" in request.POST else list(form.cleaned_data["newsletters"])
        services.set_subscriptions(subscriber, chosen)
        form = ManageForm(initial={"newsletters": chosen})
        saved = True
    context = {"subscriber": subscriber, "form": form, "saved": saved}
    return render(request, "newsletters/manage.html", context)


# RFC 8058: a mail client unsubscribes with one POST carrying no cookie and no CSRF token;
# the signed address is the proof.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriber, newsletter = subscriber_from(tokens.UNSUBSCRIBE, token)
    if subscriber is None or newsletter is None:
        return bad_link(request)
    if request.method == "POST":
        services.unsubscribe(subscriber, newsletter)
        manage_token = tokens.make(tokens.MANAGE, subscriber)
        context = {"newsletter": newsletter, "manage_token": manage_token}
        return render(request, "newsletters/unsubscribed.html", context)
    return render(request, "newsletters/unsubscribe.html", {"newsletter": newsletter})


# The archive of sent issues: the same for every reader, so the page cache keeps it until
# an issue of that newsletter is sent, changed or deleted (offer.issue_changed).
@content_etag
@shared_page(reads=("page",))
def archive(request, newsletter):
    found = get_object_or_404(Newsletter, slug=newsletter)
    request.cache_tags = [changes.newsletter(found.pk)]
    sent = found.issues.filter(status=Issue.Status.SENT).order_by("-sent_at", "-pk")
    page = paginate_or_404(request, sent.only("pk", "subject", "sent_at", "newsletter_id"))
    return render(request, "newsletters/archive.html", {"newsletter": found, "page": page})


@content_etag
@shared_page
def issue(request, newsletter, pk):
    found = get_object_or_404(
        Issue.objects.select_related("newsletter"),
        pk=pk, newsletter__slug=newsletter, status=Issue.Status.SENT,
    )  # fmt: skip
    request.cache_tags = [changes.newsletter(found.newsletter_id)]
    return render(request, "newsletters/issue.html", {"issue": found})

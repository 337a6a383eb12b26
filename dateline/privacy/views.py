import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from dateline.privacy import services
from dateline.privacy.forms import PersonalDataForm


def may_handle_personal_data(user):
    """Moderators (who see commenters' data) and editors (who see subscribers') handle a
    reader's request for their data; the admin's home page shows the link on the same rule
    (dateline/templates/admin/index.html)."""
    return user.has_perm("comments.moderate_comment") or user.has_perm(
        "newsletters.change_subscriber"
    )


def personal_data(request):
    """Export or erase everything kept about one reader, found by email address: their
    comments and their newsletter subscription (as WordPress's privacy tools do)."""
    if not may_handle_personal_data(request.user):
        raise PermissionDenied
    form = PersonalDataForm(request.POST or None)
    context = {
        **admin.site.each_context(request),
        "title": "Readers' personal data",
        "form": form,
    }
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if "export" in request.POST:
            return download(services.export_personal_data(email))
        if "erase_confirmed" in request.POST:
            erased = services.erase_personal_data(email)
            messages.success(
                request,
                f"Erased the personal data of {email}: {erased.comments} comment(s) now "
                f'credited to "Anonymous", {erased.subscribers} newsletter subscriber(s) deleted.',
            )
            return redirect("privacy:personal-data")
        context.update(confirm_erase=True, email=email, found=services.find_personal_data(email))
    return TemplateResponse(request, "privacy/personal_data.html", context)


def download(data):
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    return response

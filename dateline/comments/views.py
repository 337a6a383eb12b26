from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie


@ensure_csrf_cookie
@never_cache
def csrf_token(request):
    """The token for the comment form, which pages carry without one: comments.js fetches
    it when the reader opens the comments or starts to write."""
    return JsonResponse({"token": get_token(request)})

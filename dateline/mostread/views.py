from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from dateline.mostread.beacon import count_if_read


# The beacon an article page sends once it has loaded (static/mostread/beacon.js); in
# production dateline/wsgi.py answers it before Django (mostread/wsgi.py). Not a CSRF
# risk: it takes only an article id and writes nothing about anyone. The same answer for
# everyone, counted or not, which tells a robot nothing; no cookie, and no cache keeps it.
@csrf_exempt
def beacon(request, pk):
    count_if_read(
        method=request.method,
        user_agent=request.headers.get("User-Agent", ""),
        sent_from=request.headers.get("Sec-Fetch-Site"),
        article_id=pk,
    )
    return HttpResponse(status=204, headers={"Cache-Control": "no-store"})

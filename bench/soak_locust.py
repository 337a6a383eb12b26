"""The soak's readers and commenters, for Locust (run by bench/soak.py; not on its own).

SOAK_DATA names a JSON file bench/soak.py wrote: the site's addresses, and where each
Locust process writes what it saw (every comment it got a success answer for, and the
server errors, with whether a 503 said when to come back).
"""

import json
import os
import random
import re
import threading
import time
import uuid

from locust import HttpUser, between, events, task

DATA = json.loads(open(os.environ["SOAK_DATA"]).read())  # noqa: SIM115 - read once
TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')
# The comments a reader can answer: those with a reply link (not one's own held comment).
COMMENT_ID_RE = re.compile(r"[?&](?:amp;)?replyto=(\d+)")
ERROR_RE = re.compile(
    r'(?:class="errorlist[^"]*"[^>]*><li>|class="form-errors"[^>]*>\s*<p>)([^<]*)'
)
# Most views go to a few stories (a Zipf-like spread over the articles, busiest first).
WEIGHTS = [1 / (rank + 1) ** 1.1 for rank in range(len(DATA["articles"]))]
OPEN_WEIGHTS = [1 / (rank + 1) ** 1.1 for rank in range(len(DATA["open"]))]

lock = threading.Lock()
seen = {
    "posted": [],
    "post_times": [],
    "server_errors": [],
    "outage_503": 0,
    "cache": {},
    "junk": [],
}


def pick_article():
    return random.choices(DATA["articles"], weights=WEIGHTS)[0]


def count_cache(name, response):
    """Whether nginx's micro-cache or Dateline's page cache answered (X-Front-Cache,
    X-Cache), per kind of request."""
    hit = "HIT" in (response.headers.get("X-Front-Cache"), response.headers.get("X-Cache"))
    with lock:
        counts = seen["cache"].setdefault(name, [0, 0])
        counts[0] += hit
        counts[1] += 1


def judge(response):
    """A 5xx is an error, except a 503 that says when to come back (the database is down)."""
    if response.status_code >= 500:
        if response.status_code == 503 and response.headers.get("Retry-After"):
            with lock:
                seen["outage_503"] += 1
            response.success()
            return
        with lock:
            seen["server_errors"].append(
                [time.time(), response.request.method, response.request.url, response.status_code]
            )
        response.failure(f"{response.status_code}")
    elif response.status_code >= 400 and response.status_code not in (404, 429):
        response.failure(f"{response.status_code}")
    else:
        response.success()


class Reader(HttpUser):
    """Anonymous readers: articles (a few take most views), the home, topic, search and
    feed pages, and the content API."""

    weight = 10
    wait_time = between(0.5, 2)

    def get(self, path, name):
        with self.client.get(path, name=name, catch_response=True) as response:
            judge(response)
            if response.status_code == 200:
                count_cache(name, response)

    @task(12)
    def article(self):
        self.get(pick_article(), "article")

    @task(3)
    def home(self):
        self.get("/", "home")

    @task(2)
    def topic(self):
        self.get(random.choice(DATA["topics"]), "topic")

    @task(1)
    def search(self):
        self.get(f"/search/?q={random.choice(DATA['words'])}", "search")

    @task(1)
    def feed(self):
        self.get(random.choice(["/feeds/rss/", "/feeds/atom/"]), "feed")

    @task(1)
    def api(self):
        one = f"/api/v1/articles/{random.choice(DATA['ids'])}/"
        self.get(random.choice(["/api/v1/articles/", one]), "api")


class ClickReader(Reader):
    """Readers from a social network: every link carries a click id of its own."""

    weight = 3

    @task
    def article(self):
        click = random.choice(["fbclid", "gclid", "utm_source", "mc_eid"])
        self.get(f"{pick_article()}?{click}={uuid.uuid4().hex}", "article with click id")


class Flooder(HttpUser):
    """Random parameters, to force renders and fill the caches."""

    weight = 1
    wait_time = between(0.05, 0.2)

    @task
    def junk(self):
        junk = f"{uuid.uuid4().hex[:6]}={uuid.uuid4().hex}"
        path = random.choice([pick_article(), "/", random.choice(DATA["topics"])])
        with self.client.get(f"{path}?{junk}", name="random parameters", catch_response=True) as r:
            judge(r)
            if r.status_code == 200:
                count_cache("random parameters", r)
            with lock:
                if len(seen["junk"]) < 200:
                    seen["junk"].append(f"{path}?{junk}")


class Commenter(HttpUser):
    """50 people posting valid comments: returning commenters (approved before) and new
    ones, some replying to a comment they read."""

    fixed_count = DATA["commenters"]
    wait_time = between(DATA["comment_wait"], DATA["comment_wait"] * 2)

    def on_start(self):
        number = next(COMMENTER_NUMBERS)
        self.returning = number < len(DATA["returning"])
        if self.returning:
            self.name, self.email = DATA["returning"][number]
        else:
            self.name, self.email = f"New reader {number}", f"new{number}@example.net"
        # Behind nginx the address comes from X-Forwarded-For (TRUSTED_PROXIES): one each.
        self.address = f"198.51.{100 + number // 250}.{number % 250 + 1}"

    @task
    def comment(self):
        path = random.choices(DATA["open"], weights=OPEN_WEIGHTS)[0]
        headers = {"X-Forwarded-For": self.address}
        with self.client.get(
            path + "?comments=open",
            name="article (commenter)",
            headers=headers,
            catch_response=True,
        ) as page:
            judge(page)
        token = TOKEN_RE.search(page.text or "")
        if page.status_code != 200 or token is None:
            return  # unpublished meanwhile, or closed
        csrf = self.client.get("/comments/csrf/", name="csrf token", headers=headers)
        if csrf.status_code != 200:
            return
        replies = COMMENT_ID_RE.findall(page.text)
        text = f"Soak comment {uuid.uuid4().hex}: the council should publish its figures first."
        form = {
            "article": DATA["ids_by_path"][path],
            "token": token.group(1),
            "csrfmiddlewaretoken": csrf.json()["token"],
            "name": self.name,
            "email": self.email,
            "website": f"https://{self.email.split('@')[0]}.example.net/",
            "phone": "",
            "comment": text,
            "remember": "",
        }
        if replies and random.random() < 0.3:
            form["parent"] = random.choice(replies)
        time.sleep(DATA["fill_seconds"])  # a person takes a moment to write
        sent = time.time()
        with self.client.post(
            "/comments/post/",
            data=form,
            name="post comment",
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 400:  # what the form said, for the report
                said = ERROR_RE.search(response.text or "")
                response.failure(f"400: {said.group(1).strip() if said else '?'}")
            else:
                judge(response)
            with lock:
                # When it was sent and how long it took, for the p99 inside and outside faults.
                seen["post_times"].append([sent, (time.time() - sent) * 1000])
                if response.status_code == 303:
                    seen["posted"].append([text, path])


def numbers():
    number = 0
    while True:
        yield number
        number += 1


COMMENTER_NUMBERS = numbers()


@events.quitting.add_listener
def write_what_was_seen(environment, **kwargs):
    path = os.path.join(DATA["out_dir"], f"locust-{os.getpid()}.json")
    with lock, open(path, "w") as out:
        json.dump(seen, out)

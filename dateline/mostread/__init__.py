"""Most read: the day's five most-read stories, counted without cookies and without
keeping anything about a reader, only a number of views per story and hour (HourlyViews).

- Counted by a beacon, not from the access log. Most article views never reach Django:
  Dateline's page cache and nginx's micro-cache answer them, and the front server's log
  may not be the app's to read. The page itself reports the view once it has loaded
  (static/mostread/beacon.js, a `defer` script: no inline script under the site's
  Content-Security-Policy), wherever the page came from. The browser tab remembers the
  articles it counted (sessionStorage, on the reader's device), so reloads count once; a
  new tab is a new view. User agents that say they are robots or headless browsers, and
  beacons sent from other sites, are answered and not counted (beacon.py). In production
  beacons are answered before Django handles the request (wsgi.py).
- Counted in each process's memory (tally.py) and written to the database by that
  process every MOST_READ_FLUSH_SECONDS, by the beacon that finds the time has come
  (`services.count_view`). Not counted in the shared cache (cache.incr): Django's file
  cache, the embedded default, increments by reading and rewriting a file, and two
  processes counting 2,000 views each that way counted 3,168 of 4,000; a flush could not
  list the keys to read either. Counted in memory, each view is counted once, by its
  own process, and a flush adds its numbers to the rows (`views = views + n`) in one
  transaction: two processes flushing at once add up exactly, and a flush that fails
  keeps its numbers for the next. The price: a process killed outright (SIGKILL, out of
  memory) loses the views it counted since its last flush, at most
  MOST_READ_FLUSH_SECONDS' worth. No task is needed, nor could a task in the worker
  read a web process's memory.
- The list is computed from the database at most every MOST_READ_REFRESH_SECONDS across
  all processes (`services.refresh_most_read`, after a flush), and kept in the cache.
  Only when its order changes are the pages that show it refreshed (the tags HOME and
  MOST_READ): the page cache and the article page's stored parts are not made stale by
  every view. `manage.py refresh_most_read` computes it at once.
- Never an unpublished or not-yet-due story: views are written only for live articles,
  the list is filtered by `Article.objects.published()` each time it is shown, and a
  listed story taken down makes way for the next one at once.
- Shown on the home page (templates/mostread/_most_read.html, included by pages/home.html).
  The article page sends the beacon (templates/mostread/_article.html); to show the list
  there too, pages/parts.py would put a per-request mark in `most_read` and replace it with
  the rendered list for each view, and the page would carry the MOST_READ tag.
"""

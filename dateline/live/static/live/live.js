// Live coverage: new entries arrive without a reload. Every reader polls the same address
// (no cursor of theirs in it, so one cached answer serves them all), and new entries wait
// behind a "3 new updates" button so that text never moves under a reader's eyes. Edits
// and removals are applied in place. Without this script the page is complete as loaded.
(function () {
  "use strict";
  var section = document.getElementById("live");
  if (!section) return;

  // An old link to #entry-123 whose entry has moved to another page: its stable address
  // finds the page it is on now.
  var wanted = /^#entry-(\d+)$/.exec(location.hash);
  if (wanted && !document.getElementById("entry-" + wanted[1])) {
    location.replace("/live/entries/" + wanted[1] + "/");
    return;
  }

  var list = section.querySelector(".live-entries");
  var newsBox = section.querySelector(".live-news");
  var newsButton = section.querySelector(".live-news-button");
  var announce = section.querySelector(".live-announce");
  var seconds = Math.max(parseInt(section.dataset.pollSeconds, 10) || 15, 1);
  var pending = [];
  var timer = null;

  function ago(time) {
    var minutes = Math.floor((Date.now() - Date.parse(time.getAttribute("datetime"))) / 60000);
    if (isNaN(minutes) || minutes < 0 || minutes >= 60) return "";
    return minutes < 1 ? "just now" : minutes + " min ago";
  }

  function refreshAgo() {
    section.querySelectorAll("time[data-ago]").forEach(function (time) {
      var label = time.parentNode.querySelector(".live-ago");
      if (!label) {
        label = document.createElement("span");
        label.className = "live-ago";
        time.parentNode.appendChild(label);
      }
      var text = ago(time);
      label.textContent = text ? " · " + text : "";
    });
  }

  function fromHtml(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  function shown() {
    var found = {};
    list.querySelectorAll("[data-entry]").forEach(function (node) {
      found[node.dataset.entry] = node;
    });
    return found;
  }

  function showPending() {
    var placeholder = list.querySelector(".live-none");
    if (placeholder) placeholder.remove();
    pending.slice().reverse().forEach(function (entry) {
      var node = fromHtml(entry.html);
      list.insertBefore(node, list.firstElementChild);
    });
    pending = [];
    newsBox.hidden = true;
    refreshAgo();
  }

  function sayNews() {
    var count = pending.length;
    newsButton.textContent = count === 1 ? "1 new update" : count + " new updates";
    newsBox.hidden = count === 0;
    if (count) announce.textContent = newsButton.textContent;
  }

  function ended(answer) {
    section.dataset.status = "ended";
    var title = section.querySelector(".live-title");
    if (title) title.innerHTML = '<span class="live-label live-label-ended">Ended</span> Live coverage has ended';
    announce.textContent = "Live coverage has ended.";
    stop();
  }

  function apply(answer) {
    var onPage = shown();
    var inAnswer = {};
    var lowest = Infinity;
    answer.entries.forEach(function (entry) {
      inAnswer[entry.id] = entry;
      lowest = Math.min(lowest, entry.id);
    });
    // Edited entries change in place; removed ones go.
    Object.keys(onPage).forEach(function (id) {
      var node = onPage[id];
      var entry = inAnswer[id];
      if (entry && entry.stamp !== node.dataset.stamp) {
        node.replaceWith(fromHtml(entry.html));
      } else if (!entry && (answer.complete || Number(id) >= lowest)) {
        node.remove();
      }
    });
    // New: the entries above the newest one on the page.
    var fresh = [];
    for (var i = 0; i < answer.entries.length; i++) {
      var entry = answer.entries[i];
      if (onPage[entry.id]) break;
      fresh.push(entry);
    }
    if (Object.keys(onPage).length === 0 && list.querySelector(".live-none") === null) fresh = [];
    var known = {};
    pending.forEach(function (entry) { known[entry.id] = true; });
    pending = fresh.filter(function (entry) { return inAnswer[entry.id]; });
    if (pending.length !== Object.keys(known).length || pending.some(function (e) { return !known[e.id]; })) {
      sayNews();
    }
    refreshAgo();
    if (answer.status === "ended") ended(answer);
  }

  function poll() {
    fetch(section.dataset.pollUrl, { cache: "no-cache", credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error("poll " + response.status);
        return response.json();
      })
      .then(apply)
      .catch(function () { /* the next poll tries again */ });
  }

  function start() {
    if (timer === null && section.dataset.status === "live") {
      timer = setInterval(poll, seconds * 1000);
    }
  }

  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  newsButton.addEventListener("click", showPending);
  refreshAgo();
  setInterval(refreshAgo, 30000);
  // Only the first page of updates grows; a reader on an older page has what they asked for.
  if (section.hasAttribute("data-first-page") && section.dataset.status === "live") {
    start();
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) {
        stop();
      } else if (section.dataset.status === "live") {
        poll();
        start();
      }
    });
  }
})();

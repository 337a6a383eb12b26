// Most read: tell the site this article was read, once the page has loaded, wherever it
// came from (the page cache, nginx's cache, the browser's own). A beacon carries no
// cookie the server reads and nothing about the reader; the tab remembers which articles
// it has counted (sessionStorage: on the reader's device, gone with the tab), so a
// reload is not counted again. A page Chrome prerenders counts only if it is shown.
(function () {
  "use strict";
  var script = document.querySelector("script[data-most-read-beacon]");
  if (!script || !navigator.sendBeacon) return;
  var address = script.getAttribute("data-most-read-beacon");
  var key = "most-read:" + address;

  function count() {
    try {
      if (sessionStorage.getItem(key)) return;
      sessionStorage.setItem(key, "1");
    } catch (storageRefused) {
      // Storage turned off: count the view all the same (a reload will count again).
    }
    navigator.sendBeacon(address);
  }

  if (document.prerendering) {
    document.addEventListener("prerenderingchange", count, { once: true });
  } else {
    count();
  }
})();

// Article and topic pages are the same for every reader, so their forms (comments, the
// newsletter box) carry no CSRF token. This fetches one for this browser when the reader
// acts: opens the comments or starts to write in a form (and, at the latest, when the form
// is sent). Loading a page fetches nothing. Without JavaScript the forms still work: the
// server asks for one more click.
(function () {
  if (!window.fetch || window.datelineTokens) return;
  window.datelineTokens = true;
  var pending = null;

  function fetchToken(url) {
    if (!pending) {
      pending = fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { return data && data.token; })
        .catch(function () { return null; });
    }
    return pending;
  }

  document.querySelectorAll("input[data-csrf-url]").forEach(function (field) {
    var form = field.form;
    function fill() {
      return fetchToken(field.getAttribute("data-csrf-url")).then(function (token) {
        if (token) field.value = token;
      });
    }
    form.addEventListener("focusin", fill);
    var section = form.closest("details");
    if (section) {
      section.addEventListener("toggle", function () { if (section.open) fill(); });
    }
    // A second press of the button while the first is on its way would send the form
    // again: two requests at once, which the server could both store. It is ignored, and
    // the button says what is happening.
    var button = form.querySelector("button[type=submit]");
    var label = button && button.textContent;
    var sending = false;
    form.addEventListener("submit", function (event) {
      if (sending) {
        event.preventDefault();
        return;
      }
      sending = true;
      if (button) {
        button.textContent = "Sending\u2026";
        button.setAttribute("aria-busy", "true");
      }
      if (field.value) return;
      event.preventDefault();
      fill().then(function () { form.submit(); });
    });
    // Back to this page from the next one (the browser's page cache): ready again.
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) return;
      sending = false;
      if (button) {
        button.textContent = label;
        button.removeAttribute("aria-busy");
      }
    });
  });
})();

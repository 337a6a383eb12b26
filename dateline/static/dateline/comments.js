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
    form.addEventListener("submit", function (event) {
      if (field.value) return;
      event.preventDefault();
      fill().then(function () { form.submit(); });
    });
  });
})();

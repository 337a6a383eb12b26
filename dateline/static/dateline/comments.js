// Article pages are the same for every reader, so their comment form carries no CSRF
// token. This fetches one for this browser when the reader acts: opens the comments or
// starts to write (and, at the latest, when the form is sent). Loading a page fetches
// nothing. Without JavaScript the form still works: the server asks for one more click.
(function () {
  var field = document.querySelector("input[data-csrf-url]");
  if (!field || !window.fetch) return;
  var form = field.form;
  var pending = null;

  function fetchToken() {
    if (!pending) {
      pending = fetch(field.getAttribute("data-csrf-url"), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && data.token) field.value = data.token; })
        .catch(function () {});
    }
    return pending;
  }

  form.addEventListener("focusin", fetchToken);
  var section = form.closest("details");
  if (section) {
    section.addEventListener("toggle", function () { if (section.open) fetchToken(); });
  }
  form.addEventListener("submit", function (event) {
    if (field.value) return;
    event.preventDefault();
    fetchToken().then(function () { form.submit(); });
  });
})();

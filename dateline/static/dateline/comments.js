// Cached pages are shared by every reader, so they carry no CSRF token of their own.
// This fetches one for this browser and puts it in the comment form. Without
// JavaScript the form still works: the server asks for one more click instead.
(function () {
  var field = document.querySelector("input[data-csrf-url]");
  if (!field || !window.fetch) return;
  fetch(field.getAttribute("data-csrf-url"), { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) { if (data && data.token) field.value = data.token; })
    .catch(function () {});
})();

// The live composer: Ctrl+Enter (or Cmd+Enter) in the update's box posts it.
(function () {
  "use strict";
  document.querySelectorAll("form.live-compose textarea").forEach(function (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        var button = box.form.querySelector("button[name=post]");
        if (box.form.requestSubmit) box.form.requestSubmit(button);
        else button.click();
      }
    });
  });
})();

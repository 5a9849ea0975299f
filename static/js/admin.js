// TruthByte Admin: small progressive enhancements. Every action also works without JavaScript.
(function () {
  "use strict";

  // Confirm destructive actions: <form data-confirm="Really?">
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  // Keep the focus sensible after htmx swaps in new content.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var focusable = target && target.querySelector("[data-autofocus]");
    if (focusable) { focusable.focus(); }
  });
})();

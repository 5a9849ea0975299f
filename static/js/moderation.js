// Moderation keyboard shortcuts. Everything here is also reachable without JavaScript:
// rows have plain approve/reject forms, and every review is its own page.
//   queue:  j/k move · a approve · r reject (dialog) · e edit · o/Enter open · x select · ? help · Esc close
//   review: a approve · r reason · e edit · ? help · Esc close
(function () {
  "use strict";

  var current = -1;

  function queueRows() {
    return Array.prototype.slice.call(document.querySelectorAll("table[data-queue] tbody tr[data-submission-id]"));
  }

  function openOverlay() {
    return document.querySelector(".overlay:not([hidden])");
  }

  function typing(target) {
    if (!target) { return false; }
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function select(index) {
    var rows = queueRows();
    rows.forEach(function (row) { row.classList.remove("current"); row.removeAttribute("aria-current"); });
    if (!rows.length) { current = -1; return; }
    current = Math.max(0, Math.min(index, rows.length - 1));
    var row = rows[current];
    row.classList.add("current");
    row.setAttribute("aria-current", "true");
    row.scrollIntoView({ block: "nearest" });
  }

  function currentRow() {
    var rows = queueRows();
    return current >= 0 && current < rows.length ? rows[current] : null;
  }

  function showOverlay(overlay, focusTarget) {
    overlay.hidden = false;
    overlay.setAttribute("data-return-focus", "1");
    (focusTarget || overlay.querySelector("button, select, input")).focus();
  }

  function closeOverlays() {
    document.querySelectorAll(".overlay").forEach(function (overlay) { overlay.hidden = true; });
    var row = currentRow();
    if (row) { row.focus({ preventScroll: true }); }
  }

  function toggleHelp() {
    var help = document.getElementById("help-overlay");
    if (!help) { return; }
    if (help.hidden) { showOverlay(help); } else { closeOverlays(); }
  }

  function openReject(row) {
    var dialog = document.getElementById("reject-dialog");
    if (!dialog || !row.querySelector("form.reject-form")) { return; }
    dialog.setAttribute("data-for", row.getAttribute("data-submission-id"));
    var link = row.querySelector(".review-link");
    dialog.querySelector("[data-reject-question]").textContent = link ? link.textContent : "";
    document.getElementById("reject-dialog-text").value = "";
    document.getElementById("reject-dialog-notes").value = "";
    showOverlay(dialog, document.getElementById("reject-dialog-reason"));
  }

  function submitReject(event) {
    event.preventDefault();
    var dialog = document.getElementById("reject-dialog");
    var row = document.getElementById("row-" + dialog.getAttribute("data-for"));
    var reason = document.getElementById("reject-dialog-reason").value;
    var typed = document.getElementById("reject-dialog-text").value.trim();
    if (reason === "other" && !typed) {
      document.getElementById("reject-dialog-text").focus();
      return;
    }
    if (!row) { closeOverlays(); return; }
    var form = row.querySelector("form.reject-form");
    form.querySelector("select[name=reason]").value = reason;
    form.querySelector("input[name=reason_text]").value = typed;
    form.querySelector("input[name=notes]").value = document.getElementById("reject-dialog-notes").value;
    dialog.hidden = true;
    form.requestSubmit();
  }

  function onQueueKey(event) {
    var row = currentRow();
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current < 0 ? 0 : current - 1); break;
      case "a":
        if (row && row.querySelector("form.approve-form")) { row.querySelector("form.approve-form").requestSubmit(); }
        break;
      case "r": if (row) { openReject(row); } break;
      case "e": if (row) { window.location.href = row.getAttribute("data-review-url") + "#edit"; } break;
      case "o": case "Enter":
        // Enter on a focused link or button keeps its usual meaning.
        if (event.key === "Enter" && event.target.closest && event.target.closest("a, button")) { return false; }
        if (row) { window.location.href = row.getAttribute("data-review-url"); }
        break;
      case "x":
        if (row && row.querySelector("input.row-select")) {
          var box = row.querySelector("input.row-select");
          box.checked = !box.checked;
        }
        break;
      default: return false;
    }
    return true;
  }

  function onReviewKey(event) {
    var target;
    switch (event.key) {
      case "a":
        target = document.getElementById("approve-form");
        if (target) { target.requestSubmit(); }
        break;
      case "r":
        target = document.getElementById("reject_reason");
        if (target) { target.focus(); target.scrollIntoView({ block: "center" }); }
        break;
      case "e":
        target = document.getElementById("id_question");
        if (target) { target.focus(); target.scrollIntoView({ block: "center" }); }
        break;
      default: return false;
    }
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      if (openOverlay()) { event.preventDefault(); closeOverlays(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (openOverlay()) {
      if (event.key === "?") { event.preventDefault(); closeOverlays(); }
      return;  // the dialog's own fields get every other key
    }
    if (typing(event.target)) { return; }
    if (event.key === "?") { event.preventDefault(); toggleHelp(); return; }
    var handled = document.querySelector("table[data-queue]") ? onQueueKey(event)
      : document.getElementById("approve-form") || document.getElementById("reject-form") ? onReviewKey(event)
      : false;
    if (handled) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-close-overlay]")) { closeOverlays(); return; }
    if (event.target.classList && event.target.classList.contains("overlay")) { closeOverlays(); return; }
    var row = event.target.closest && event.target.closest("table[data-queue] tbody tr[data-submission-id]");
    if (row) { select(queueRows().indexOf(row)); }
  });

  // In the reject dialog, Enter on the reason list rejects (a <select> doesn't submit by itself).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.id === "reject-dialog-reason") {
      event.preventDefault();
      document.getElementById("reject-dialog-form").requestSubmit();
    }
  }, true);

  document.addEventListener("submit", function (event) {
    if (event.target.id === "reject-dialog-form") { submitReject(event); }
  });

  // "All on this page" also ticks the row boxes, so what will happen is visible.
  document.addEventListener("change", function (event) {
    if (event.target.id === "bulk-all") {
      queueRows().forEach(function (row) {
        var box = row.querySelector("input.row-select");
        if (box) { box.checked = event.target.checked; }
      });
    }
  });

  // After htmx removes a reviewed row, keep the selection on the row that took its place.
  document.addEventListener("htmx:afterSettle", function () {
    if (!document.querySelector("table[data-queue]")) { return; }
    if (current >= 0) { select(current); }
    var cleared = document.getElementById("queue-cleared");
    if (cleared && !queueRows().length) { cleared.hidden = false; }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (queueRows().length) { select(0); }
  });

  // "e" from the queue lands on the review's edit form, ready to type. (After "load": the
  // browser's own scroll to #edit would otherwise take the focus back.)
  window.addEventListener("load", function () {
    var field = document.getElementById("id_question");
    if (window.location.hash === "#edit" && field) {
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });
})();

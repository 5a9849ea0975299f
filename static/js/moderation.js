// Moderation keyboard shortcuts, dialogs, toasts and the bulk counter. Everything here is also
// reachable without JavaScript: rows have plain approve/reject/undo forms, and every review is
// its own page.
//   queue:  j/k move · a approve (a likely duplicate: to its Approve anyway) · r reject (dialog) · e edit · o/Enter open · x select · u undo
//           · ? help · Esc close
//   review: a approve (a likely duplicate: to Approve anyway) · r reason · e edit · ? help · Esc close
// Single-key shortcuts are off when the staff member turned them off (WCAG 2.1.4):
// #moderation-settings[data-shortcuts=off].
(function () {
  "use strict";

  var current = -1;

  function shortcutsOn() {
    var settings = document.getElementById("moderation-settings");
    return !!settings && settings.getAttribute("data-shortcuts") === "on";
  }

  function queueRows() {
    return Array.prototype.slice.call(document.querySelectorAll("table[data-queue] tbody tr[data-submission-id]"));
  }

  function openDialog() {
    return document.querySelector("dialog[open]");
  }

  function typing(target) {
    if (!target) { return false; }
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  // focus: move the focus to the row too; stay: without scrolling it into view.
  function select(index, focus, stay) {
    var rows = queueRows();
    rows.forEach(function (row) { row.classList.remove("current"); row.removeAttribute("aria-current"); });
    if (!rows.length) { current = -1; return; }
    current = Math.max(0, Math.min(index, rows.length - 1));
    var row = rows[current];
    row.classList.add("current");
    row.setAttribute("aria-current", "true");
    if (focus && !stay) { row.scrollIntoView({ block: "nearest" }); }
    if (focus) { row.focus({ preventScroll: true }); }
  }

  function currentRow() {
    var rows = queueRows();
    return current >= 0 && current < rows.length ? rows[current] : null;
  }

  // Native modal dialogs: the page behind is inert; admin.js keeps Tab inside. On close the
  // focus goes back to the acted-on row (rows have tabindex=-1), else where it was.
  function show(dialog, focusTarget) {
    dialog.returnFocusTo = currentRow() || document.activeElement;
    dialog.showModal();
    (focusTarget || dialog.querySelector("button, select, input")).focus();
  }

  function returnFocus(dialog) {
    var target = dialog.returnFocusTo;
    if (target && document.contains(target)) { target.focus({ preventScroll: true }); }
  }

  function toggleHelp() {
    var help = document.getElementById("help-overlay");
    if (!help) { return; }
    if (help.open) { help.close(); } else { show(help); }
  }

  function rejectError(text) {
    var error = document.getElementById("reject-dialog-error");
    error.textContent = text || "";
    error.hidden = !text;
  }

  function openReject(row) {
    var dialog = document.getElementById("reject-dialog");
    if (!dialog || !row.querySelector("form.reject-form")) { return; }
    dialog.setAttribute("data-for", row.getAttribute("data-submission-id"));
    var link = row.querySelector(".review-link");
    dialog.querySelector("[data-reject-question]").textContent = link ? link.textContent : "";
    document.getElementById("reject-dialog-reason").value = "";
    document.getElementById("reject-dialog-text").value = "";
    document.getElementById("reject-dialog-notes").value = "";
    rejectError("");
    show(dialog, document.getElementById("reject-dialog-reason"));
  }

  function submitReject(event) {
    event.preventDefault();
    var dialog = document.getElementById("reject-dialog");
    var row = document.getElementById("row-" + dialog.getAttribute("data-for"));
    var reasonBox = document.getElementById("reject-dialog-reason");
    var textBox = document.getElementById("reject-dialog-text");
    var reason = reasonBox.value;
    var typed = textBox.value.trim();
    if (!reason) {
      rejectError("Choose a reason first: nothing was rejected.");
      reasonBox.focus();
      return;
    }
    if (reason === "other" && !typed) {
      rejectError("Type the reason for “Other”: nothing was rejected.");
      textBox.focus();
      return;
    }
    if (!row) { dialog.close(); return; }
    var form = row.querySelector("form.reject-form");
    form.querySelector("select[name=reason]").value = reason;
    form.querySelector("input[name=reason_text]").value = typed;
    form.querySelector("input[name=notes]").value = document.getElementById("reject-dialog-notes").value;
    dialog.close();
    form.requestSubmit();
  }

  function lastUndo() {
    var buttons = document.querySelectorAll("tr.toast-row form.undo-form button[type=submit]");
    return buttons.length ? buttons[buttons.length - 1] : null;
  }

  // A likely duplicate offers no plain Approve (it would be refused): "a" goes to its "Approve
  // anyway" button, which reads out the warning and which Enter then presses.
  function approve(row) {
    var form = row.querySelector("form.approve-form");
    var anyway = row.querySelector("form.approve-anyway-form button[type=submit]");
    if (form) { form.requestSubmit(); } else if (anyway) { anyway.focus(); }
  }

  function onQueueKey(event) {
    var row = currentRow();
    switch (event.key) {
      case "j": select(current + 1, true); break;
      case "k": select(current < 0 ? 0 : current - 1, true); break;
      case "a": if (row) { approve(row); } break;
      case "r": if (row) { openReject(row); } break;
      case "u": if (lastUndo()) { lastUndo().click(); } break;
      case "e": if (row) { window.location.href = row.getAttribute("data-review-url") + "#edit"; } break;
      case "o": case "Enter":
        // Enter on a focused link or button keeps its usual meaning.
        if (event.key === "Enter" && event.target.closest && event.target.closest("a, button, summary")) { return false; }
        if (row) { window.location.href = row.getAttribute("data-review-url"); }
        break;
      case "x":
        if (row && row.querySelector("input.row-select")) {
          var box = row.querySelector("input.row-select");
          box.checked = !box.checked;
          updateCount();
        }
        break;
      default: return false;
    }
    return true;
  }

  function onReviewKey(event) {
    var target;
    switch (event.key) {
      case "a":  // as in the queue: a likely duplicate's "a" goes to "Approve anyway"
        target = document.querySelector("[data-testid=action-bar] [data-testid=approve-anyway]");
        if (target) {
          target.focus();
          target.scrollIntoView({ block: "center" });
        } else if (document.getElementById("approve-form")) {
          document.getElementById("approve-form").requestSubmit();
        }
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
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (openDialog()) { return; }  // the dialog's own fields get every key; Esc closes it natively
    if (!shortcutsOn() || typing(event.target)) { return; }
    if (event.key === "?") { event.preventDefault(); toggleHelp(); return; }
    var handled = document.querySelector("table[data-queue]") ? onQueueKey(event)
      : document.getElementById("approve-form") || document.getElementById("reject-form") ? onReviewKey(event)
      : false;
    if (handled) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    var closer = event.target.closest("[data-close-dialog]");
    if (closer) { closer.closest("dialog").close(); return; }
    var dismiss = event.target.closest("[data-dismiss-toast]");
    if (dismiss) {
      dismiss.closest("tr").remove();
      var row = currentRow();
      if (row) { row.focus({ preventScroll: true }); }
      return;
    }
    var row2 = event.target.closest && event.target.closest("table[data-queue] tbody tr[data-submission-id]");
    if (row2) { select(queueRows().indexOf(row2)); }
  });

  // Every dialog returns the focus when it closes (Esc, a button, or a submit).
  document.addEventListener("close", function (event) {
    if (event.target.tagName === "DIALOG") { returnFocus(event.target); }
  }, true);

  // In the reject dialog, Enter on the reason list rejects (a <select> doesn't submit by itself).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.id === "reject-dialog-reason") {
      event.preventDefault();
      document.getElementById("reject-dialog-form").requestSubmit();
    }
  }, true);

  document.addEventListener("submit", function (event) {
    if (event.target.id === "reject-dialog-form") { submitReject(event); return; }
    if (event.target.id === "bulk-form") { checkBulk(event); }
  });

  // --- bulk: a live counter, and a missing reason is said here without losing the selection.
  function selectedBoxes() {
    return Array.prototype.filter.call(document.querySelectorAll("input.row-select"), function (b) { return b.checked; });
  }

  function updateCount() {
    var counter = document.getElementById("bulk-count");
    if (counter) { counter.textContent = selectedBoxes().length + " selected"; }
  }

  function bulkError(text) {
    var error = document.getElementById("bulk-error");
    if (!error) { return; }
    error.textContent = text || "";
    error.hidden = !text;
  }

  function checkBulk(event) {
    var submitter = event.submitter;
    var action = submitter ? submitter.value : "";
    var all = document.getElementById("bulk-all");
    if (!selectedBoxes().length && !(all && all.checked)) {
      event.preventDefault();
      bulkError("Select at least one submission first.");
      return;
    }
    if (action === "reject") {
      var reason = document.getElementById("bulk-reason");
      var typed = document.getElementById("bulk-reason-text");
      if (!reason.value) {
        event.preventDefault();
        bulkError("Choose a reason to reject the selected with; your selection is kept.");
        reason.focus();
        return;
      }
      if (reason.value === "other" && !typed.value.trim()) {
        event.preventDefault();
        bulkError("Type the reason for “Other”; your selection is kept.");
        typed.focus();
        return;
      }
    }
    bulkError("");
  }

  // "All on this page" also ticks the row boxes, so what will happen is visible.
  document.addEventListener("change", function (event) {
    if (event.target.id === "bulk-all") {
      queueRows().forEach(function (row) {
        var box = row.querySelector("input.row-select");
        if (box) { box.checked = event.target.checked; }
      });
    }
    if (event.target.id === "bulk-all" || event.target.classList.contains("row-select")) { updateCount(); }
  });

  // After htmx replaced a row (by its toast, or a restored row after Undo): keep the selection
  // on the row that took its place, and the focus on it.
  // Fragments elsewhere (the pending count) or inside a row (its duplicate hint) leave the
  // selection, the focus and the scroll alone.
  document.addEventListener("htmx:afterSettle", function (event) {
    var queue = document.querySelector("table[data-queue]");
    if (!queue) { return; }
    var restored = document.querySelector("tr[data-focus-row]");
    if (restored) {
      restored.removeAttribute("data-focus-row");
      select(queueRows().indexOf(restored), true);
    } else if (current >= 0 && queue.contains(event.target) && !event.target.closest("td")) {
      select(current, !openDialog());
    }
    updateCount();
    var cleared = document.getElementById("queue-cleared");
    if (cleared) { cleared.hidden = queueRows().length > 0; }
  });

  // On arrival the first row is marked, and focused where it is (scrolling it into view would
  // push the page's header out of sight) unless the user already went somewhere: keys typed
  // into the search box must stay there. A row put back by Undo is brought into view.
  document.addEventListener("DOMContentLoaded", function () {
    var restored = document.querySelector("tr[data-focus-row]");
    var untouched = !document.activeElement || document.activeElement === document.body;
    if (restored) {
      restored.removeAttribute("data-focus-row");
      select(queueRows().indexOf(restored), untouched);
    } else if (queueRows().length) {
      select(0, untouched, true);
    }
    updateCount();
  });

  // The review page's action bar stays at the top while the page scrolls (wide screens); the
  // page keeps that height clear when it brings a focused field into view (scroll-padding in
  // moderation.css), so Tab and Shift+Tab never leave the focus beneath the bar.
  function measureActionBar() {
    var bar = document.querySelector(".action-bar");
    if (!bar) { return; }
    var measure = function () {
      document.documentElement.style.setProperty("--action-bar-height", Math.ceil(bar.getBoundingClientRect().height) + "px");
    };
    measure();
    if (window.ResizeObserver) { new ResizeObserver(measure).observe(bar); }
  }

  document.addEventListener("DOMContentLoaded", measureActionBar);

  // The review page's reject form: "Other" needs its typed reason, and the browser says so at
  // the field before the confirmation is asked (the server checks it too, but its answer comes
  // after "Yes" and at the top of the page). The queue rows' reason text is hidden: the row's
  // own dialog asks for it.
  var OTHER_NEEDS_TEXT = "Type the reason when you choose \u201cOther\u201d.";

  function checkOtherReason(form) {
    var reason = form.querySelector("select[name=reason]");
    var text = form.querySelector("input[name=reason_text]:not([type=hidden])");
    if (!reason || !text) { return; }
    var missing = reason.value === "other" && !text.value.trim();
    text.setCustomValidity(missing ? OTHER_NEEDS_TEXT : "");
  }

  ["change", "input"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var form = event.target.form;
      if (form && form.classList.contains("reject-form")) { checkOtherReason(form); }
    });
  });
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.reject-form"), checkOtherReason);
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

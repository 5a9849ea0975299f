// Moderation keyboard shortcuts, dialogs, toasts and the bulk counter. Everything here is also
// reachable without JavaScript: rows have plain approve/reject/undo forms, and every review is
// its own page.
//   queue:  j/k move · a approve (a likely duplicate: to its Approve anyway) · r reject (dialog) · e edit · o/Enter open · x select · u undo
//           · ? help · Esc close. The keys act on the current row: the one with the focus (Tab into a
//           row makes it current), or moved to with j/k; one out of sight is first brought into view.
//   review: a approve (a likely duplicate: to Approve anyway) · r reason · e edit · ? help · Esc close
// Single-key shortcuts are off when the staff member turned them off (WCAG 2.1.4):
// #moderation-settings[data-shortcuts=off].
(function () {
  "use strict";

  var ROW = "table[data-queue] tbody tr[data-submission-id]";
  var currentRowEl = null;  // the row the keys act on: the one with the focus, or moved to by j/k
  var reviewsMade = 0;  // counts the reviews made on this page, in time order (for "u")
  var pendingElsewhere = null;  // pending submissions matching the filters that are not rows here

  function shortcutsOn() {
    var settings = document.getElementById("moderation-settings");
    return !!settings && settings.getAttribute("data-shortcuts") === "on";
  }

  function queueRows() {
    return Array.prototype.slice.call(document.querySelectorAll(ROW));
  }

  // Ids may hold any character: compared as attributes, never put into a selector.
  function rowFor(submissionId) {
    return queueRows().filter(function (row) {
      return row.getAttribute("data-submission-id") === submissionId;
    })[0] || null;
  }

  function openDialog() {
    return document.querySelector("dialog[open]");
  }

  function typing(target) {
    if (!target) { return false; }
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function focusLost() {
    return !document.activeElement || document.activeElement === document.body;
  }

  // Makes a row the current one; it is highlighted only while single-key shortcuts are on (with
  // them off, nothing acts on "the current row"). focus: the focus moves to the row; scroll: it
  // is brought into view if it is not.
  function select(row, focus, scroll) {
    queueRows().forEach(function (other) { other.classList.remove("current"); other.removeAttribute("aria-current"); });
    currentRowEl = row || null;
    if (!row) { return; }
    if (shortcutsOn()) {
      row.classList.add("current");
      row.setAttribute("aria-current", "true");
    }
    if (scroll) { row.scrollIntoView({ block: "nearest" }); }
    if (focus) { row.focus({ preventScroll: true }); }
  }

  function currentRow() {
    return currentRowEl && document.contains(currentRowEl) && currentRowEl.matches(ROW) ? currentRowEl : null;
  }

  function move(step) {
    var rows = queueRows();
    if (!rows.length) { return; }
    var at = rows.indexOf(currentRow());
    select(rows[at < 0 ? 0 : Math.max(0, Math.min(at + step, rows.length - 1))], true, true);
  }

  // In sight: the start of the row's question (what names it to the moderator) is on screen.
  function inView(row) {
    var probe = row.querySelector(".review-link") || row;
    var box = probe.getClientRects()[0];
    var height = window.innerHeight || document.documentElement.clientHeight;
    return !!box && box.top >= 0 && box.bottom <= height;
  }

  function firstRowInView() {
    return queueRows().filter(inView)[0] || null;
  }

  function say(text) {
    var status = document.getElementById("queue-key-status");
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // A key never acts on a submission out of sight (the page was scrolled, or the focus came
  // back to a row off screen): the first press brings it into view, the next one acts.
  function inSight(row) {
    if (inView(row)) { return true; }
    select(row, true, false);
    row.scrollIntoView({ block: "center" });
    say("The selected submission was out of sight and is now in view: press the key again to act on it.");
    return false;
  }

  // Coming back to the queue (Back, or the review's "Back to the queue") lands on the
  // submission that was opened, or the one that took its place once it was reviewed.
  var OPENED = "moderation:opened";

  function queuePlace() {
    return window.location.pathname + window.location.search;
  }

  function rememberOpened(row) {
    var rows = queueRows();
    var at = rows.indexOf(row);
    var neighbour = rows[at + 1] || rows[at - 1];
    try {
      window.sessionStorage.setItem(OPENED, JSON.stringify({
        queue: queuePlace(),
        id: row.getAttribute("data-submission-id"),
        neighbour: neighbour ? neighbour.getAttribute("data-submission-id") : null
      }));
    } catch (ignored) { /* storage off: the queue starts at the top, as before */ }
  }

  function takeOpened() {
    try {
      var opened = JSON.parse(window.sessionStorage.getItem(OPENED) || "null");
      window.sessionStorage.removeItem(OPENED);
      return opened && opened.queue === queuePlace() ? opened : null;
    } catch (ignored) {
      return null;
    }
  }

  function openReview(row, hash) {
    rememberOpened(row);
    window.location.href = row.getAttribute("data-review-url") + (hash || "");
  }

  // Native modal dialogs: the page behind is inert; admin.js keeps Tab inside. On close the
  // focus goes back to the acted-on row (rows have tabindex=-1), else where it was.
  function show(dialog, focusTarget) {
    dialog.returnFocusTo = currentRow() || document.activeElement;
    dialog.showModal();
    (focusTarget || dialog.querySelector("button, select, input")).focus();
  }

  // The close event comes after the dialog closed, possibly after keys pressed since (Esc, then
  // j at once): a focus those keys moved elsewhere stays where they put it.
  function returnFocus(dialog) {
    var target = dialog.returnFocusTo;
    var active = document.activeElement;
    var movedOn = active && active !== document.body && !dialog.contains(active) && !(target && target.contains(active));
    if (target && document.contains(target) && !movedOn) { target.focus({ preventScroll: true }); }
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
    var rowReason = form.querySelector("select[name=reason]");
    if (!Array.prototype.some.call(rowReason.options, function (option) { return option.value === reason; })) {
      // "Other": the row's own list doesn't offer it (the row has no field to type it in), so it
      // is added for this request only and removed once the request is over (see below).
      var sent = new Option(reasonBox.options[reasonBox.selectedIndex].text, reason);
      sent.hidden = true;
      sent.setAttribute("data-dialog-only", "");
      rowReason.add(sent);
    }
    rowReason.value = reason;
    rowReason.setCustomValidity("");  // an earlier empty Reject's message (admin.js): set by script, no change event clears it
    form.querySelector("input[name=reason_text]").value = typed;
    form.querySelector("input[name=notes]").value = document.getElementById("reject-dialog-notes").value;
    dialog.sentFrom = { form: form, reason: reason, text: textBox.value,
      notes: document.getElementById("reject-dialog-notes").value };
    dialog.close();
    form.requestSubmit();
  }

  // A rejection sent from the dialog that the server refused and that can be put right (a typed
  // reason it can't store, say): the dialog opens again with what was typed and why, rather than
  // the typing being lost with only a line beside the row.
  document.addEventListener("action-refused", function (event) {
    var dialog = document.getElementById("reject-dialog");
    var sent = dialog && dialog.sentFrom;
    var form = event.target.closest && event.target.closest("form.reject-form");
    if (!sent || !form || sent.form !== form) { return; }
    dialog.sentFrom = null;
    var row = form.closest("tr");
    if (!row || (event.detail && event.detail.final)) { return; }
    openReject(row);
    document.getElementById("reject-dialog-reason").value = sent.reason;
    document.getElementById("reject-dialog-text").value = sent.text;
    document.getElementById("reject-dialog-notes").value = sent.notes;
    rejectError(event.detail && event.detail.text);
    document.getElementById(sent.reason === "other" ? "reject-dialog-text" : "reject-dialog-reason").focus();
  });

  // A choice the reject dialog added to a row's list goes once its request is over: a row that
  // stays (the rejection refused) never offers a choice it can't complete.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.classList || !form.classList.contains("reject-form")) { return; }
    Array.prototype.forEach.call(form.querySelectorAll("option[data-dialog-only]"), function (option) {
      option.remove();
    });
    // Whatever its answer (a refusal has reopened the dialog already), the dialog's typing is
    // not for a later Reject of this row.
    var dialog = document.getElementById("reject-dialog");
    if (dialog && dialog.sentFrom && dialog.sentFrom.form === form) { dialog.sentFrom = null; }
  });

  // The review to undo: the one the message at the top offers (the latest action's), through
  // its toast's in-place Undo when the toast is still there; with no Undo in the message (it
  // reports an undo), the most recent toast's (toasts are stamped in the order their reviews
  // came back, which is not their order on the page).
  function lastUndo() {
    var toasts = Array.prototype.filter.call(
      document.querySelectorAll("tr.toast-row[data-review-order] form.undo-form button[type=submit]"),
      function (button) { return !button.disabled; });
    var offered = document.querySelector("#messages form.undo-form button[type=submit]:not([disabled])");
    if (offered) {
      var same = toasts.filter(function (button) {
        return button.form.getAttribute("action") === offered.form.getAttribute("action");
      });
      return same.length ? same[0] : offered;
    }
    var latest = null, latestOrder = -1;
    toasts.forEach(function (button) {
      var order = Number(button.closest("tr").getAttribute("data-review-order"));
      if (order > latestOrder) { latest = button; latestOrder = order; }
    });
    return latest;
  }

  // A toast counts from the moment it arrives, but htmx binds its Undo form only once it settles
  // (20 ms later): bound now, so the Undo stays in place instead of posting the whole page.
  function undoLast() {
    var button = lastUndo();
    if (!button) {
      // Reviews made before this page was loaded have no row here: say where they are.
      say("Nothing to undo here: u undoes a review whose Undo this page shows. Open a reviewed submission to undo it from its page.");
      return;
    }
    if (window.htmx) { window.htmx.process(button.form); }
    button.click();
  }

  // A likely duplicate offers no plain Approve (it would be refused): "a" goes to its "Approve
  // anyway" button, which reads out the warning and which Enter then presses.
  function approve(row) {
    var form = row.querySelector("form.approve-form");
    var anyway = row.querySelector("form.approve-anyway-form button[type=submit]");
    if (form) { form.requestSubmit(); } else if (anyway) { anyway.focus(); }
  }

  function toggleSelected(row) {
    var box = row.querySelector("input.row-select");
    if (!box) { return; }
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function onQueueKey(event) {
    switch (event.key) {
      case "j": move(1); return true;
      case "k": move(-1); return true;
      case "u": undoLast(); return true;
      case "Enter":
        // Enter on a focused link or button keeps its usual meaning.
        if (event.target.closest && event.target.closest("a, button, summary")) { return false; }
        break;
      case "a": case "r": case "e": case "o": case "x": break;
      default: return false;
    }
    var row = currentRow();
    if (!row || !inSight(row)) { return true; }
    switch (event.key) {
      case "a": approve(row); break;
      case "r": openReject(row); break;
      case "e": openReview(row, "#edit"); break;
      case "x": toggleSelected(row); break;
      default: openReview(row); break;  // o, Enter
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
        if (target) { focusAtEnd(target); }
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
      var current = currentRow();
      if (current) { current.focus({ preventScroll: true }); } else { focusCleared(); }
      return;
    }
    var row = event.target.closest && event.target.closest(ROW);
    if (!row) { return; }
    select(row);
    // A link followed from a row (its review, its author's page): Back comes back to this row.
    var link = event.target.closest("a[href]");
    if (link && event.button === 0 && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) {
      rememberOpened(row);
    }
  });

  // The keys act on the row that has the focus: Tab (or a click) into a row's link, box or
  // button makes that row the current one.
  document.addEventListener("focusin", function (event) {
    var row = event.target.closest && event.target.closest(ROW);
    if (row && row !== currentRowEl) { select(row); }
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

  function tickAll(checked) {
    queueRows().forEach(function (row) {
      var box = row.querySelector("input.row-select");
      if (box) { box.checked = checked; }
    });
  }

  // "All on this page" also ticks the row boxes, so what will happen is visible; unticking one
  // of them means "not all" any more.
  document.addEventListener("change", function (event) {
    var all = document.getElementById("bulk-all");
    if (event.target === all) { tickAll(all.checked); }
    if (all && event.target.classList.contains("row-select") && !event.target.checked) { all.checked = false; }
    if (event.target === all || event.target.classList.contains("row-select")) { updateCount(); }
    if (event.target.id === "bulk-approve-anyway") { approveAnywayLabel(); }
  });

  // "All on this page" means the rows still pending here, not those reviewed in place since
  // the page came (the server reads them from page_ids); with none left, no bulk bar.
  function updateBulkBar(rows) {
    var form = document.getElementById("bulk-form");
    if (!form) { return; }
    form.hidden = !rows.length;
    var pageIds = form.querySelector("input[name=page_ids]");
    try {
      pageIds.value = rows.map(function (row) {
        return encodeURIComponent(row.getAttribute("data-submission-id"));
      }).join(",");
    } catch (ignored) { /* an id the browser cannot encode: the server's list stays */ }
    var label = form.querySelector("[data-bulk-all-count]");
    if (label) { label.textContent = String(rows.length); }
    var all = document.getElementById("bulk-all");
    if (all && all.checked) { tickAll(true); }  // a row put back by Undo is part of "all"
    updateCount();
  }

  // "Load the next ones" only while some are pending beyond this page's rows. The count comes
  // with the list's heading, which reloads after every action.
  function countElsewhere() {
    var heading = document.getElementById("queue-total");
    var total = heading ? Number(heading.getAttribute("data-total")) : NaN;
    pendingElsewhere = isNaN(total) ? null : Math.max(0, total - queueRows().length);
  }

  function updateCleared(rows) {
    var cleared = document.getElementById("queue-cleared");
    if (!cleared) { return; }
    cleared.hidden = rows.length > 0;
    var more = pendingElsewhere === null || pendingElsewhere > 0;
    cleared.querySelector("[data-more]").hidden = !more;
    cleared.querySelector("[data-none]").hidden = more;
  }

  function updatePage() {
    var rows = queueRows();
    updateBulkBar(rows);
    updateCleared(rows);
  }

  // With no pending row left, the focus goes to the notice saying so (never to the page).
  function focusCleared() {
    var cleared = document.getElementById("queue-cleared");
    if (cleared && !cleared.hidden) { cleared.focus({ preventScroll: false }); }
  }

  function nextPendingRow(toast) {
    for (var row = toast.nextElementSibling; row; row = row.nextElementSibling) {
      if (row.matches(ROW)) { return row; }
    }
    for (row = toast.previousElementSibling; row; row = row.previousElementSibling) {
      if (row.matches(ROW)) { return row; }
    }
    return null;
  }

  // A row reviewed in place became its toast. The keys move on to the row that took its place
  // (the next one, else the one before); if the focus was in the reviewed row, it goes there
  // too, or to the notice when none is left.
  function reviewedInPlace(toast, xhr) {
    watchUndoDeadline(toast, xhr);
    updatePage();
    var lost = focusLost() && !openDialog();
    var current = currentRow();
    if (current) {
      if (lost) { current.focus({ preventScroll: true }); }
      return;
    }
    var next = nextPendingRow(toast);
    if (next) {
      select(next, lost, lost);
    } else {
      select(null);
      if (lost) { focusCleared(); }
    }
  }

  // A toast's Undo is open until its deadline (the server's time, shifted to this browser's
  // clock by the answer's Date header); then it says so instead of offering a click that would
  // be refused. The message region's Undo for the same review goes with it.
  function watchUndoDeadline(toast, xhr) {
    var until = Number(toast.getAttribute("data-undo-until")) * 1000;
    if (!until) { return; }
    var serverNow = xhr ? Date.parse(xhr.getResponseHeader("Date") || "") : NaN;
    // The Date header has whole seconds: the server's "now" may be up to 1 s later than it says.
    var left = isNaN(serverNow) ? until - Date.now() : until - serverNow - 1000;
    window.setTimeout(function () { undoOver(toast); }, Math.max(0, left));
  }

  function undoOver(toast) {
    var form = toast.querySelector("form.undo-form");
    if (!form || !document.contains(form)) { return; }
    closeUndo(form, toast);
    var over = toast.querySelector("[data-undo-over]");
    if (over) { over.hidden = false; }
  }

  // The review's Undo buttons (the toast's, the message region's, a bulk result's) no longer
  // offer a click that would be refused. The focus, if it was on the button, goes to ``home``
  // (the toast) or else to what was said beside the button, never to the page.
  function closeUndo(form, home) {
    var button = form.querySelector("button[type=submit]");
    var hadFocus = document.activeElement === button;
    Array.prototype.forEach.call(document.querySelectorAll("form.undo-form"), function (other) {
      if (other !== form && other.getAttribute("action") !== form.getAttribute("action")) { return; }
      var otherButton = other.querySelector("button[type=submit]");
      if (!otherButton) { return; }
      otherButton.disabled = true;
      otherButton.textContent = "Undo no longer possible";
      // "Undo for q_…" named the button: it would hide the new text from a screen reader.
      var named = otherButton.getAttribute("aria-label");
      if (named) { otherButton.setAttribute("aria-label", named.replace(/^Undo for /, "Undo no longer possible for ")); }
      Array.prototype.forEach.call(other.querySelectorAll(".help"), function (help) { help.hidden = true; });
    });
    if (!hadFocus) { return; }
    var said = form.nextElementSibling;
    var target = home && home.hasAttribute("tabindex") ? home :
      (said && said.classList.contains("htmx-problem") ? said : null);
    if (target) {
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus({ preventScroll: true });
    }
  }

  // An undo the server refused for good (too late, not this person's, the question edited or
  // retired since, undone already): its reason is said beside the button (admin.js), and the
  // button is not left offering the same refusal again.
  document.addEventListener("action-refused", function (event) {
    var form = event.detail && event.detail.final && event.target.closest("form.undo-form");
    if (form) { closeUndo(form, form.closest("tr")); }
  });

  // A toast's place in time is given as it arrives, not once it settles: "u" pressed in between
  // must find it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var toast = event.target;
    if (toast instanceof Element && toast.classList.contains("toast-row") && !toast.hasAttribute("data-review-order")) {
      toast.setAttribute("data-review-order", String(++reviewsMade));
    }
  });

  // After htmx replaced a row (by its toast, by itself again with a duplicate warning, or a row
  // put back by Undo), or reloaded the list's heading. Fragments elsewhere (the pending count)
  // or inside a row (its duplicate hint) leave the selection, the focus and the scroll alone.
  document.addEventListener("htmx:afterSettle", function (event) {
    var queue = document.querySelector("table[data-queue]");
    var target = event.target;
    if (!queue || !(target instanceof Element)) { return; }
    if (target.id === "queue-total") {
      countElsewhere();
      updatePage();
      return;
    }
    if (!queue.contains(target) || target.closest("td")) { return; }
    if (target.classList.contains("toast-row")) {
      reviewedInPlace(target, event.detail && event.detail.xhr);
    } else if (target.matches(ROW)) {
      var undone = target.hasAttribute("data-focus-row");
      target.removeAttribute("data-focus-row");
      var current = currentRow();
      if (undone || !current) {
        select(target, undone || focusLost(), true);
      } else if (current === target && !target.classList.contains("current")) {
        // The row came back in place of itself (an approve refused in place), the focus
        // already in it: htmx's settle took its mark; marked again, the focus left alone.
        select(target, false, false);
      }
      updatePage();
    }
  });

  // Arriving (or coming back, Back included, from the browser's cache too): the submission
  // that was opened from here, else the first row in view, else the first row, marked where it
  // is (scrolling to it would push the page's header out of sight). Only a row the user comes
  // back to gets the focus (unless they already went somewhere: keys typed into the search box
  // stay there); on a fresh arrival the row is only marked, so the first Tab reaches "Skip to
  // content" as on every page, and j/k/a/… act on the marked row at once. With single-key
  // shortcuts off, no row is "current".
  function arrive() {
    var untouched = focusLost();
    var opened = takeOpened();
    var back = opened && (rowFor(opened.id) || rowFor(opened.neighbour));
    if (back) {
      // A message about what was done there (a review made on its page) keeps the focus.
      var told = document.querySelector("#messages .message");
      select(back, untouched && !told, false);
      if (!inView(back)) {
        if (told) { tellBeside(back); } else { back.scrollIntoView({ block: "center" }); }
      }
    } else if (shortcutsOn() && queueRows().length) {
      select(currentRow() || firstRowInView() || queueRows()[0], false, false);
    }
    countElsewhere();
    updatePage();
  }

  // A review made on its own page comes back with its message ("Approved …", its Undo) at the
  // top of the page, focused, and the row that took its place further down: scrolled to that
  // row, the message would be out of sight. The message is shown just above the row instead,
  // both in view, the focus left on it.
  function tellBeside(row) {
    var region = document.getElementById("messages");
    var focused = region.contains(document.activeElement) || focusLost();
    var line = document.createElement("tr");
    line.className = "arrival-row";
    var cell = document.createElement("td");
    cell.colSpan = row.cells.length;
    while (region.firstChild) { cell.appendChild(region.firstChild); }
    line.appendChild(cell);
    row.parentNode.insertBefore(line, row);
    line.scrollIntoView({ block: "center" });
    var message = cell.querySelector(".message[tabindex]");
    if (focused && message) { message.focus({ preventScroll: true }); }
    // The rows' duplicate warnings arrive a moment later and push the rows down: the message
    // and its row are brought back to the middle then, until the moderator moves on.
    arrival = line;
    if (movedOn) { movedOn.abort(); }
    movedOn = new AbortController();
    var listening = { passive: true, signal: movedOn.signal };
    ["keydown", "wheel", "touchstart", "mousedown"].forEach(function (kind) {
      window.addEventListener(kind, function () { arrival = null; movedOn.abort(); }, listening);
    });
  }
  var arrival = null;
  var movedOn = null;  // ends the listeners that notice the moderator moving on
  document.addEventListener("htmx:afterSettle", function () {
    if (arrival && document.contains(arrival)) { arrival.scrollIntoView({ block: "center" }); }
  });

  window.addEventListener("pageshow", function () {
    if (document.querySelector("table[data-queue]")) { arrive(); }
    approveAnywayLabel();
  });

  // The bulk approval's confirmation: its button says how many will be approved, with or
  // without the likely duplicates ("approve anyway"); the server renders it for the box's
  // default (unticked), the page follows the box.
  function approveAnywayLabel() {
    var box = document.getElementById("bulk-approve-anyway");
    var button = document.querySelector("[data-label-anyway]");
    if (!box || !button) { return; }
    if (!button.hasAttribute("data-label-default")) {
      button.setAttribute("data-label-default", button.textContent);
    }
    button.textContent = button.getAttribute(box.checked ? "data-label-anyway" : "data-label-default");
  }

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
    if (window.location.hash === "#edit" && field) { focusAtEnd(field); }
  });

  // The caret after the text, so typing adds to it rather than in front of its first word.
  function focusAtEnd(field) {
    field.focus();
    var end = field.value.length;
    if (field.setSelectionRange) { field.setSelectionRange(end, end); }
    field.scrollIntoView({ block: "center" });
  }
})();

// TruthByte Admin: small progressive enhancements. Every action also works without JavaScript.
(function () {
  "use strict";

  // Confirm destructive actions: <form data-confirm="Really?"> asks in a native modal <dialog>
  // (never window.confirm); the focus goes back to where it was when the dialog closes.
  var confirmDialog = null;

  function confirmBox() {
    if (confirmDialog) { return confirmDialog; }
    confirmDialog = document.createElement("dialog");
    confirmDialog.className = "dialog confirm-dialog";
    confirmDialog.setAttribute("aria-labelledby", "confirm-dialog-text");
    confirmDialog.innerHTML = '<p id="confirm-dialog-text"></p><div id="confirm-dialog-details"></div>' +
      '<p class="dialog-buttons">' +
      '<button type="button" class="button danger" data-confirm-yes>Yes</button> ' +
      '<button type="button" class="button" data-confirm-no>Cancel</button></p>';
    document.body.appendChild(confirmDialog);
    confirmDialog.addEventListener("close", function () {
      var back = current(confirmDialog.returnFocusTo);
      if (back && document.contains(back)) { back.focus({ preventScroll: true }); }
    });
    confirmDialog.addEventListener("click", function (event) {
      if (event.target.closest("[data-confirm-no]")) { confirmDialog.close(); }
      if (event.target.closest("[data-confirm-yes]")) {
        var form = current(confirmDialog.pendingForm);
        var submitter = current(confirmDialog.pendingSubmitter);
        if (form && !form.isConnected) {
          // Gone from the page and not found again: requestSubmit would send nothing, silently.
          confirmDialog.querySelector("#confirm-dialog-details").textContent =
            "This form is no longer on the page, so nothing was sent. Reload the page to see " +
            "what is stored now.";
          return;
        }
        confirmDialog.close();
        if (form) {
          form.setAttribute("data-confirmed", "1");
          if (submitter && submitter.form === form) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
        }
      }
    });
    return confirmDialog;
  }

  // An element an htmx answer replaced while the dialog was open (a figure sent out of band):
  // the one on the page now, found by its id.
  function current(element) {
    if (element && !element.isConnected && element.id) {
      return document.getElementById(element.id) || element;
    }
    return element;
  }

  // data-confirm-details="ID": a server-rendered <template> whose content the dialog shows
  // under the question (e.g. the daily sets a retirement changes).
  function showDetails(box, form) {
    var details = box.querySelector("#confirm-dialog-details");
    details.textContent = "";
    var source = document.getElementById(form.getAttribute("data-confirm-details") || "");
    if (source && source.content) { details.appendChild(source.content.cloneNode(true)); }
  }

  // A form that tracks its changes is marked once anything in it changes (typed, picked): the
  // confirmation of another action on the page (a retire) then says they are not saved.
  function markChanged(event) {
    var form = event.target && event.target.form;
    if (form && form.hasAttribute("data-track-changes")) { form.setAttribute("data-changed", ""); }
  }
  document.addEventListener("input", markChanged, true);
  document.addEventListener("change", markChanged, true);

  // Leaving a page whose tracked form holds changes nobody saved (a link, a reload, closing the
  // tab, signing out): the browser asks first. Not when the tracked form itself is sent (its
  // Save), nor an action the page's dialog confirmed (the retire dialog names the unsaved
  // changes itself). On window: after every page script's own submit handlers have run, so a
  // submit one of them cancels (sent in place instead) is not taken for leaving.
  var sending = false;
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute) { return; }
    if (form.hasAttribute("data-track-changes") || form.hasAttribute("data-confirm")) {
      sending = true;
    }
  });
  window.addEventListener("pageshow", function () { sending = false; });  // back, from the cache
  window.addEventListener("beforeunload", function (event) {
    if (sending || !document.querySelector("form[data-track-changes][data-changed]")) { return; }
    event.preventDefault();
    event.returnValue = "";  // what older Chromium needs to ask
  });

  // A required field's own words when it is left empty (data-required-message), instead of
  // the browser's ("Please select an item in the list"); cleared as soon as it is filled in.
  document.addEventListener("invalid", function (event) {
    var field = event.target;
    var said = field.getAttribute && field.getAttribute("data-required-message");
    if (said && field.validity.valueMissing) { field.setCustomValidity(said); }
  }, true);
  function requiredFilled(event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-required-message")) {
      field.setCustomValidity("");
    }
  }
  document.addEventListener("input", requiredFilled, true);
  document.addEventListener("change", requiredFilled, true);

  function unsavedNote(form) {
    var edited = document.getElementById(form.getAttribute("data-confirm-unsaved") || "");
    return edited && edited.hasAttribute("data-changed") ?
      " " + form.getAttribute("data-confirm-unsaved-note") : "";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (!question) { return; }
    if (form.getAttribute("data-confirmed") === "1") {
      form.removeAttribute("data-confirmed");
      // Accepted here: the server needn't ask again (without JavaScript the flag stays empty
      // and the server shows its own confirmation page).
      var flag = form.querySelector("[data-confirmed-flag]");
      if (flag) { flag.value = "yes"; }
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    var box = confirmBox();
    box.querySelector("#confirm-dialog-text").textContent = question + unsavedNote(form);
    showDetails(box, form);
    var details = box.querySelector("#confirm-dialog-details");
    var yes = box.querySelector("[data-confirm-yes]");
    yes.textContent = form.getAttribute("data-confirm-yes") || "Yes";
    // Red for what removes or rejects; data-confirm-safe (a restore) puts something back.
    yes.className = form.hasAttribute("data-confirm-safe") ? "button primary" : "button danger";
    box.pendingForm = form;
    box.pendingSubmitter = event.submitter || null;
    box.returnFocusTo = event.submitter || document.activeElement;
    box.showModal();
    // The focus starts on Cancel: a second Enter (or Space) never confirms a destructive action.
    // Without scrolling: the question at the top stays in view (long details scroll on their own).
    box.querySelector("[data-confirm-no]").focus({ preventScroll: true });
    box.scrollTop = 0;
    details.scrollTop = 0;
  }, true);

  // Tab stays inside an open modal dialog (it cycles from the last control to the first).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") { return; }
    var dialog = document.querySelector("dialog[open]");
    if (!dialog) { return; }
    var focusable = Array.prototype.filter.call(
      dialog.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]"),
      function (el) { return !el.disabled && el.tabIndex >= 0 && el.getClientRects().length; });
    if (!focusable.length) { return; }
    var first = focusable[0], last = focusable[focusable.length - 1];
    var inside = dialog.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault(); last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault(); first.focus();
    }
  });

  // A form that posts is sent once per click: a second click (or Enter) while its answer is on
  // the way is ignored. Every write is idempotent anyway; this keeps the answer the person sees,
  // and its message, the first request's. htmx drops repeats of its own requests. Coming back
  // to the page (back button) or an answer that never comes (10 s) allows sending again.
  var SENDING = "data-sending";

  function sendable(form) {
    form.removeAttribute(SENDING);
    form.removeAttribute("aria-busy");
  }

  // On window: it runs after every page script's own submit checks on the document (the bulk
  // form's), so a submit they cancel never marks the form as sent.
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }
    if (form.getAttribute(SENDING) === "1") { event.preventDefault(); return; }
    form.setAttribute(SENDING, "1");
    form.setAttribute("aria-busy", "true");
    window.setTimeout(function () { sendable(form); }, 10000);
  });

  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[" + SENDING + "]"), sendable);
  });

  // An in-place action the server refused or could not carry out (the game's database
  // unavailable, a bad request, a role): htmx swaps nothing for an error answer, which left the
  // person looking at an unchanged row. Say it next to the control they used, in the error
  // page's own words. Only for what a person did: a poll or a fragment loading itself fails
  // quietly and tries again.
  var PROBLEM = "htmx-problem";
  var BY_A_PERSON = /^(submit|click|change|input|keydown|keyup|search)$/;

  function errorPageText(xhr) {
    var page = new DOMParser().parseFromString(xhr.responseText || "", "text/html")
      .querySelector(".error-page");
    if (!page) { return ""; }
    return Array.prototype.filter.call(page.querySelectorAll("h1, p"), function (el) {
      var link = el.querySelector("a");  // "Home", "Open this page without the filters"
      return !(link && link.textContent.trim() === el.textContent.trim());
    }).map(function (el) {
      var text = el.textContent.replace(/\s+/g, " ").trim();
      return el.tagName === "H1" ? text + "." : text;
    }).join(" ");
  }

  function showProblem(event, text) {
    var config = event.detail.requestConfig || {};
    var cause = config.triggeringEvent;
    if (!cause || !BY_A_PERSON.test(cause.type)) { return; }
    placeProblem(event.detail.elt, text);
  }

  // What the note goes after: the control's form; a link in a table cell (a calendar day) has
  // no room beside it, so after its table.
  function problemAnchor(control) {
    var form = control.closest("form");
    if (form) { return form; }
    if (!control.closest("td, th")) { return control; }
    var table = control.closest("table");
    // Out of a scrolling box the table sits in (the calendar is scrolled to its last months),
    // so the note is not cut off or scrolled away with it.
    while (table.parentElement && getComputedStyle(table.parentElement).overflowX !== "visible") {
      table = table.parentElement;
    }
    return table;
  }

  function placeProblem(control, text) {
    var anchor = problemAnchor(control);
    var host = anchor.parentNode;
    if (anchor.tagName === "TR") { host = anchor.lastElementChild; anchor = null; }
    Array.prototype.forEach.call(host.querySelectorAll(":scope > ." + PROBLEM), function (old) {
      old.remove();
    });
    var note = document.createElement("p");
    note.className = PROBLEM + " message message-error";
    note.setAttribute("role", "alert");
    note.setAttribute("data-testid", "htmx-problem");
    note.textContent = text;
    if (anchor) { anchor.insertAdjacentElement("afterend", note); } else { host.appendChild(note); }
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    showProblem(event, errorPageText(xhr) || "That didn't work (the server answered " +
      xhr.status + "). Reload the page to see what is stored before you try again.");
  });

  document.addEventListener("htmx:sendError", function (event) {
    showProblem(event, "TruthByte Admin could not be reached, so this may not have been " +
      "sent. Reload the page to see what is stored before you try again.");
  });

  // An action the server refused without an error (it changed nothing and the row stays as
  // it was: HX-Trigger "action-refused" with the reason), said in the same place.
  document.addEventListener("action-refused", function (event) {
    if (event.detail && event.detail.text) { placeProblem(event.target, event.detail.text); }
  });

  // A new attempt clears what the last one said.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var anchor = problemAnchor(event.detail.elt);
    var old = anchor.tagName === "TR" ?
      anchor.lastElementChild && anchor.lastElementChild.querySelector(":scope > ." + PROBLEM) :
      anchor.nextElementSibling;
    if (old && old.classList.contains(PROBLEM)) { old.remove(); }
  });

  // Figures sent out of band (with another element's answer, e.g. a poll's) replace elements the
  // person may be on or reading: the focus stays where it was (on the same control of the new
  // element; nothing else is focused), and an open confirmation shows what it now asks about.
  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    if (!target || !active || active === document.body || !target.contains(active)) { return; }
    var inside = Array.prototype.indexOf.call(target.querySelectorAll(FOCUSABLE), active);
    event.detail.focusWas = { id: target.id, at: active === target ? -1 : inside };
  });

  // htmx fires this once per element settled so far, with each swap's own detail: once is enough.
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var swap = event.detail;
    if (swap.afterSwapSeen) { return; }
    swap.afterSwapSeen = true;
    var was = swap.focusWas;
    var lost = !document.activeElement || document.activeElement === document.body;
    if (was && was.id && lost) {
      var swapped = document.getElementById(was.id);
      var again = swapped && (was.at < 0 ? swapped : swapped.querySelectorAll(FOCUSABLE)[was.at]);
      if (again) { again.focus({ preventScroll: true }); }
    }
    var form = confirmDialog && confirmDialog.open && current(confirmDialog.pendingForm);
    if (form && form.isConnected && swap.target &&
        swap.target.id === form.getAttribute("data-confirm-details")) {
      showDetails(confirmDialog, form);
    }
  });

  // Feedback where the user is looking: a page an action led to (a save, a retire, a repair)
  // starts with the focus on its message at the top, so the next Tab is what the message
  // offers, and a screen reader reads it. Not where the page puts the focus itself.
  function focusMessage() {
    if (document.querySelector("[autofocus]")) { return; }
    if (document.activeElement && document.activeElement !== document.body) { return; }
    var message = document.querySelector("#messages .message");
    if (!message) { return; }
    if (!message.hasAttribute("tabindex")) { message.setAttribute("tabindex", "-1"); }
    message.focus({ preventScroll: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusMessage);
  } else {
    focusMessage();
  }

  // Keep the focus sensible after htmx swaps in new content.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    // An outerHTML swap removed the target: look in the new element the event fires on.
    if (target && !document.contains(target)) { target = event.target; }
    var focusable = target && target.querySelector("[data-autofocus]");
    if (focusable) { focusable.focus(); }
  });

  // A swap that replaces the control the person was on (a calendar's "‹ Month", a pager's
  // "Older days"): htmx puts the focus back on the control of the same id in the new content;
  // where there is none (the last month has no "Month ›"), the new content's heading takes it,
  // not the top of the page.
  var swapping = null;  // the latest swap's target, and whether the focus was in it
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    swapping = target ? {
      target: target,
      id: target.id,
      hadFocus: !!active && active !== document.body && target.contains(active)
    } : null;
  });

  // What an in-place update changed is said to screen readers through the one status region
  // that stays on the page (#page-status): the new content's [data-announce] element (its
  // heading, its count). A live region swapped in whole is not read, or is read whole.
  function announce(text) {
    var status = document.getElementById("page-status");
    if (!status || !text) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // Fired on each element the swap settled: only the swap's own content (the target, or what
  // replaced it), not elements sent out of band with it.
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.target;
    var swap = swapping;
    if (!swap || !root || !root.querySelector) { return; }
    if (root !== swap.target && !(swap.id && root.id === swap.id)) { return; }
    swapping = null;
    var said = root.matches("[data-announce]") ? root : root.querySelector("[data-announce]");
    if (said) { announce(said.textContent.replace(/\s+/g, " ").trim()); }
    var lost = !document.activeElement || document.activeElement === document.body;
    var heading = swap.hadFocus && lost && root.querySelector("h1, h2, h3");
    if (heading) {
      if (!heading.hasAttribute("tabindex")) { heading.setAttribute("tabindex", "-1"); }
      heading.focus({ preventScroll: true });
    }
  });
})();

// Question editor enhancements. Without JavaScript the categories field is a plain
// comma-separated text box with suggestions, and Preview / Retire are ordinary form posts.
(function () {
  "use strict";

  var SLUG = /^[a-z0-9_]+$/;

  // Entries of the comma-separated value, exactly as written: categories already stored on the
  // question (the game writes player-typed ones verbatim: "Science", "sci fi") must round-trip
  // untouched; only new entries are turned into slugs (see addSlug). A stored entry that itself
  // contains a comma stays whole, as on the server (forms.split_category_entries).
  function entriesOf(value, stored) {
    var pieces = value.split(","), out = [], i = 0;
    var widest = 1;
    stored.forEach(function (s) { widest = Math.max(widest, s.split(",").length); });
    while (i < pieces.length) {
      var taken = 1;
      for (var j = Math.min(pieces.length, i + widest); j > i + 1; j--) {
        if (stored.indexOf(pieces.slice(i, j).join(",").trim()) !== -1) { taken = j - i; break; }
      }
      var entry = pieces.slice(i, i + taken).join(",").trim();
      if (entry && out.indexOf(entry) === -1) { out.push(entry); }
      i += taken;
    }
    return out;
  }

  function storedCategories(input) {
    try {
      var parsed = JSON.parse(input.getAttribute("data-original-categories") || "[]");
      return Array.isArray(parsed) ? parsed.map(String) : [];
    } catch (e) {
      return [];
    }
  }

  function knownNames() {
    var names = {};
    var list = document.getElementById("category-options");
    if (!list) { return names; }
    Array.prototype.forEach.call(list.options, function (option) {
      names[option.value] = option.textContent || option.value;
    });
    return names;
  }

  // The existing category a new slug was probably meant to be: one it begins (typing stopped
  // early, "geog") or one a typo away ("sciense"; two typos from 6 letters on). Not one it
  // merely extends: a new "science_fiction" is not a misspelt "science". Nothing for a slug of
  // 1–2 letters, which is a typo or two from too much. Null when none is close.
  function likelyMeant(slug, names) {
    if (slug.length < 3) { return null; }
    var allowed = slug.length >= 6 ? 2 : 1;
    var best = null, bestScore = allowed + 1;
    Object.keys(names).forEach(function (known) {
      if (known === "general" || known === slug) { return; }
      var score = known.indexOf(slug) === 0 ? 0 : distance(slug, known);
      if (score < bestScore) { best = known; bestScore = score; }
    });
    return best;
  }

  // The picker's pre-filled "slug: Name" line for a new category, found by its slug exactly
  // (a line for "smart" is not one for "art"), or taken back.
  function hasNameLine(box, slug) {
    return box.value.split("\n").some(function (line) { return line.trim().indexOf(slug + ":") === 0; });
  }

  function withoutNameLine(box, slug) {
    return box.value.split("\n").filter(function (line) {
      return line.trim().indexOf(slug + ":") !== 0;
    }).join("\n");
  }

  function distance(a, b) {
    if (Math.abs(a.length - b.length) > 2) { return 3; }
    var previous = [], row;
    for (var j = 0; j <= b.length; j++) { previous.push(j); }
    for (var i = 1; i <= a.length; i++) {
      row = [i];
      for (j = 1; j <= b.length; j++) {
        row.push(Math.min(previous[j] + 1, row[j - 1] + 1,
          previous[j - 1] + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1)));
      }
      previous = row;
    }
    return previous[b.length];
  }

  function titleCase(slug) {
    return slug.replace(/_/g, " ").replace(/\b\w/g, function (c) { return c.toUpperCase(); });
  }

  // Chips with autocomplete over the hidden comma-separated value the server reads.
  function enhanceCategories(input) {
    var names = knownNames();
    var stored = storedCategories(input);
    var editor = document.createElement("div");
    editor.className = "chip-editor";
    var chips = document.createElement("ul");
    chips.className = "chip-list";
    chips.setAttribute("aria-label", "Chosen categories");
    var add = document.createElement("input");
    add.type = "text";
    add.id = input.id + "-add";
    add.setAttribute("list", "category-options");
    add.setAttribute("autocomplete", "off");
    add.setAttribute("placeholder", "Add a category…");
    add.setAttribute("data-testid", "category-add");
    var hint = document.createElement("p");
    hint.className = "help chip-hint";
    hint.id = input.id + "-hint";
    hint.setAttribute("aria-live", "polite");
    hint.setAttribute("data-testid", "category-hint");
    // The game's limit, `general` included: the picker refuses a chip beyond it (the server
    // refuses such a save too, so without JavaScript the form still says so).
    var limit = parseInt(input.getAttribute("data-category-limit") || "0", 10) || 0;
    var counter = document.createElement("span");
    counter.className = "help chip-count";
    counter.setAttribute("data-testid", "category-count");
    add.setAttribute("aria-describedby",
      ((input.getAttribute("aria-describedby") || "") + " " + hint.id).trim());
    editor.appendChild(chips);
    editor.appendChild(add);
    editor.appendChild(counter);
    editor.appendChild(hint);
    input.parentNode.insertBefore(editor, input.nextSibling);
    input.type = "hidden";
    var label = document.querySelector("label[for='" + input.id + "']");
    if (label) { label.htmlFor = add.id; }
    // The refused-save summary's link to this field goes to the box one types in now.
    Array.prototype.forEach.call(document.querySelectorAll("a[href='#" + input.id + "']"), function (link) {
      link.setAttribute("href", "#" + add.id);
    });

    function current() { return entriesOf(input.value, stored); }

    function countWithGeneral() {
      var slugs = current();
      return slugs.length + (slugs.indexOf("general") === -1 ? 1 : 0);
    }

    function showCount() {
      if (!limit) { return; }
      var n = countWithGeneral();
      counter.textContent = n + " of " + limit + " categories (general included)";
      add.placeholder = n >= limit ? "Limit reached: remove one to add another" : "Add a category…";
    }

    function render() {
      chips.textContent = "";
      var slugs = current();
      if (slugs.indexOf("general") === -1) { slugs.push("general"); }
      slugs.forEach(function (slug) {
        var item = document.createElement("li");
        var legacy = stored.indexOf(slug) !== -1 && !SLUG.test(slug);
        var brandNew = !names[slug] && stored.indexOf(slug) === -1 && slug !== "general";
        item.className = "chip" + (slug === "general" ? " general" : "") + (legacy ? " legacy" : "") +
          (brandNew ? " new" : "");
        item.setAttribute("data-slug", slug);
        if (legacy) { item.title = "Stored as written by the game; kept exactly as it is."; }
        item.appendChild(document.createTextNode(names[slug] ? names[slug] + " (" + slug + ")" : slug));
        if (brandNew) {
          var badge = document.createElement("span");
          badge.className = "chip-new";
          badge.textContent = "new category";
          item.appendChild(document.createTextNode(" "));
          item.appendChild(badge);
        }
        if (slug !== "general") {
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "chip-remove";
          remove.setAttribute("aria-label", "Remove category " + slug);
          remove.textContent = "×";
          remove.addEventListener("click", function () {
            input.value = current().filter(function (s) { return s !== slug; }).join(", ");
            var namesBox = document.getElementById("id_new_category_names");
            if (brandNew && namesBox) { namesBox.value = withoutNameLine(namesBox, slug); }
            hint.textContent = "";
            add.removeAttribute("aria-invalid");
            render();
            changed();
            add.focus();
          });
          item.appendChild(remove);
        }
        chips.appendChild(item);
      });
      showCount();
    }

    function changed() {
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function addSlug() {
      var typed = add.value.trim();
      // Re-adding a category the question already had keeps its stored spelling.
      var slug = stored.indexOf(typed) !== -1 ? typed : typed.toLowerCase().replace(/\s+/g, "_");
      if (!slug) { return; }
      if (stored.indexOf(slug) === -1 && !SLUG.test(slug)) {
        hint.textContent = "“" + add.value + "” can't be a category slug: use a–z, 0–9 and _ only.";
        return;
      }
      var slugs = current();
      var isNew = slugs.indexOf(slug) === -1 && slug !== "general";
      if (isNew && limit && countWithGeneral() >= limit) {
        hint.textContent = "Can't add “" + slug + "”: a question has at most " + limit +
          " categories, general included (the game's limit). Remove one first.";
        add.setAttribute("aria-invalid", "true");
        return;
      }
      add.removeAttribute("aria-invalid");
      if (isNew) { slugs.push(slug); }
      input.value = slugs.join(", ");
      add.value = "";
      hint.textContent = "";
      if (!names[slug] && stored.indexOf(slug) === -1) {
        var names_box = document.getElementById("id_new_category_names");
        if (names_box && !hasNameLine(names_box, slug)) {
          names_box.value = (names_box.value ? names_box.value.replace(/\s*$/, "\n") : "") +
            slug + ": " + titleCase(slug);
          hint.textContent = "“" + slug + "” is a new category: saving creates it. Check its display name below.";
          var meant = likelyMeant(slug, names);
          if (meant) { offerInstead(slug, meant, names_box); }
        }
      }
      render();
      changed();
    }

    // "Did you mean …?": one click swaps the new slug for the existing category and takes back
    // the display-name line the picker had added for it.
    function offerInstead(slug, meant, namesBox) {
      var swap = document.createElement("button");
      swap.type = "button";
      swap.className = "link-button";
      swap.setAttribute("data-testid", "category-meant");
      swap.textContent = "Use " + names[meant] + " (" + meant + ") instead";
      swap.addEventListener("click", function () {
        var slugs = current().filter(function (s) { return s !== slug; });
        if (slugs.indexOf(meant) === -1) { slugs.push(meant); }
        input.value = slugs.join(", ");
        namesBox.value = withoutNameLine(namesBox, slug);
        hint.textContent = "";
        render();
        changed();
        add.focus();
      });
      hint.appendChild(document.createTextNode(" Did you mean an existing one? "));
      hint.appendChild(swap);
    }

    add.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === ",") {
        event.preventDefault();
        addSlug();
      }
    });
    add.addEventListener("change", function () {
      // Picking a suggestion from the datalist fires change with a known value.
      var picked = add.value.trim();
      if (names[picked] || names[picked.toLowerCase()] || stored.indexOf(picked) !== -1) { addSlug(); }
    });
    add.addEventListener("blur", addSlug);
    render();
  }

  // Forms with data-confirm post confirmed=yes once admin.js's dialog was accepted; without
  // JavaScript the server shows its own confirmation page instead.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.getAttribute || !form.getAttribute("data-confirm")) { return; }
    var flag = form.querySelector("[data-confirmed-flag]");
    if (flag) { flag.value = "yes"; }
  });

  // A Restore dialog whose details come from the server when pressed (the retired list: the
  // daily-set impact of every row would cost a pool read and a long table each): fetch the
  // confirmation page's own fragment into the form's <template>, then let admin.js open the
  // dialog with it. Runs first (window, capture). If the fragment can't be had, the form is
  // sent unconfirmed and the server's confirmation page shows the same lines.
  window.addEventListener("submit", function (event) {
    var form = event.target;
    var url = form.getAttribute && form.getAttribute("data-confirm-details-url");
    if (!url || !form.getAttribute("data-confirm") || form.getAttribute("data-confirmed") === "1" ||
        form.getAttribute("data-details-loaded") === "1") { return; }
    var holder = document.getElementById(form.getAttribute("data-confirm-details") || "");
    if (!holder) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (form.getAttribute("aria-busy") === "true") { return; }
    var submitter = event.submitter && event.submitter.form === form ? event.submitter : null;
    form.setAttribute("aria-busy", "true");

    function send() {
      form.removeAttribute("aria-busy");
      if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
    }

    window.fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) {
        var away = response.headers.get("HX-Redirect");
        if (away) { window.location.assign(away); return null; }  // nothing to restore now
        if (!response.ok || response.redirected) { throw new Error("status " + response.status); }
        return response.text().then(function (html) {
          holder.innerHTML = html;
          form.setAttribute("data-details-loaded", "1");
          send();
        });
      })
      .catch(function () {
        form.removeAttribute("data-confirm");
        send();
      });
  }, true);

  // Live preview: refresh the player's view while typing (the Preview button does it too).
  function livePreview(form) {
    var button = form.querySelector("button[name=action][value=preview]");
    if (!button || !window.htmx) { return; }
    var timer = null;
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        // From the Preview button, not the form: a form remembers its last clicked button, and
        // htmx would send to that button's formaction ("Check daily-set impact").
        window.htmx.ajax("POST", button.getAttribute("hx-post"),
          { source: button, target: "#preview", swap: "innerHTML" });
      }, 600);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-category-input]"), enhanceCategories);
    var form = document.getElementById("question-form");
    if (form) { livePreview(form); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// Question editor enhancements. Without JavaScript the categories field is a plain
// comma-separated text box with suggestions, and Preview / Retire are ordinary form posts.
(function () {
  "use strict";

  var SLUG = /^[a-z0-9_]+$/;

  // Entries of the comma-separated value, exactly as written: categories already stored on the
  // question (the game writes player-typed ones verbatim: "Science", "sci fi") must round-trip
  // untouched; only new entries are turned into slugs (see addSlug). A stored entry that itself
  // contains a comma stays whole, as on the server (forms.split_category_entries). raw: each
  // entry as it stands in the value, spaces at either end kept (less the ", " separator's).
  function piecesOf(value, stored, raw) {
    var pieces = value.split(","), out = [], i = 0;
    var widest = 1;
    stored.forEach(function (s) { widest = Math.max(widest, s.split(",").length); });
    while (i < pieces.length) {
      var taken = 1;
      for (var j = Math.min(pieces.length, i + widest); j > i + 1; j--) {
        if (stored.indexOf(pieces.slice(i, j).join(",").trim()) !== -1) { taken = j - i; break; }
      }
      var text = pieces.slice(i, i + taken).join(",");
      if (text.trim()) { out.push(raw ? (i > 0 ? text.replace(/^ /, "") : text) : text.trim()); }
      i += taken;
    }
    return out;
  }

  // The same name comes once, or as many times as the question has it stored: the game matches
  // names exactly, so "space" and " space" are two categories, both "space" in the box (the
  // server gives each "space" the next stored spelling, domain.validation._categories_from).
  function entriesOf(value, stored) {
    var out = [];
    piecesOf(value, stored, false).forEach(function (entry) {
      if (timesIn(out, entry) < Math.max(1, timesIn(stored, entry))) { out.push(entry); }
    });
    return out;
  }

  function timesIn(list, entry) {
    return list.filter(function (item) { return item === entry; }).length;
  }

  // Trimmed name -> its stored spellings, in stored order ("space" -> ["space", " space"]), read
  // from the box as the server filled it (its ", "-joined stored categories); the k-th "space"
  // in the box is saved as the k-th spelling. A name whose spellings can't be read from it (the
  // box as sent back after a refused save) is shown trimmed, as before.
  function spellingsOf(value, stored) {
    var spellings = {};
    piecesOf(value, stored, true).forEach(function (raw) {
      var name = raw.trim();
      var known = spellings[name] || (spellings[name] = []);
      if (known.indexOf(raw) === -1 && known.length < timesIn(stored, name)) { known.push(raw); }
    });
    Object.keys(spellings).forEach(function (name) {
      var count = timesIn(stored, name);
      if (!count || spellings[name].length !== count) { delete spellings[name]; }
    });
    return spellings;
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
  // 1–2 letters, which is a typo or two from too much. Null when none is close. Never a name
  // with spaces at either end (" space"): the box trims it, so it would be saved as another
  // category (as in the picker's existing()).
  function likelyMeant(slug, names) {
    if (slug.length < 3) { return null; }
    var allowed = slug.length >= 6 ? 2 : 1;
    var best = null, bestScore = allowed + 1;
    Object.keys(names).forEach(function (known) {
      if (known === "general" || known === slug || known !== known.trim()) { return; }
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

  // Chips over the hidden comma-separated value the server reads, added from a combobox: Enter
  // (or a comma) picks the highlighted existing category, the first whose slug or name starts
  // with what is typed ("hist" -> history). A new category is made only by choosing the
  // separate "Create new category" option (Enter on text no category starts with shows it
  // first), so a typo or a half-typed name never becomes a game category unnoticed.
  function enhanceCategories(input) {
    var names = knownNames();
    var stored = storedCategories(input);
    var spellings = spellingsOf(input.value, stored);
    var editor = document.createElement("div");
    editor.className = "chip-editor";
    var chips = document.createElement("ul");
    chips.className = "chip-list";
    chips.setAttribute("aria-label", "Chosen categories");
    var combo = document.createElement("div");
    combo.className = "chip-combo";
    var add = document.createElement("input");
    add.type = "text";
    add.id = input.id + "-add";
    add.setAttribute("autocomplete", "off");
    add.setAttribute("placeholder", "Add a category…");
    add.dir = "auto";
    add.setAttribute("data-testid", "category-add");
    var listbox = document.createElement("ul");
    listbox.id = input.id + "-suggestions";
    listbox.className = "chip-suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Categories to add");
    listbox.setAttribute("data-testid", "category-suggestions");
    listbox.hidden = true;
    add.setAttribute("role", "combobox");
    add.setAttribute("aria-autocomplete", "list");
    add.setAttribute("aria-expanded", "false");
    add.setAttribute("aria-controls", listbox.id);
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
    combo.appendChild(add);
    // The hint between the box and its suggestions, which open below it: a save refused for
    // what is typed opens them, and they must not cover why ("Not saved yet: …").
    combo.appendChild(hint);
    combo.appendChild(listbox);
    editor.appendChild(chips);
    // Why the first of two "space" chips has no ×, in words under the chips (not a tooltip,
    // which keyboard, touch and screen-reader users never get).
    var sameNote = document.createElement("p");
    sameNote.className = "help chip-same-note";
    sameNote.id = input.id + "-same-note";
    sameNote.setAttribute("data-testid", "category-same-name-note");
    editor.appendChild(sameNote);
    editor.appendChild(combo);
    editor.appendChild(counter);
    input.parentNode.insertBefore(editor, input.nextSibling);
    input.type = "hidden";
    var label = document.querySelector("label[for='" + input.id + "']");
    if (label) { label.htmlFor = add.id; }
    // The refused-save summary's link to this field goes to the box one types in now.
    Array.prototype.forEach.call(document.querySelectorAll("a[href='#" + input.id + "']"), function (link) {
      link.setAttribute("href", "#" + add.id);
    });

    var options = [];  // what the listbox shows: {slug, label, create}
    var active = -1;   // the highlighted option, -1 for none

    function current() { return entriesOf(input.value, stored); }

    // Chosen as often as it can be: once, or as many times as the question has it stored.
    function chosenInFull(slug, slugs) {
      return timesIn(slugs, slug) >= Math.max(1, timesIn(stored, slug));
    }

    function countWithGeneral() {
      var slugs = current();
      return slugs.length + (slugs.indexOf("general") === -1 ? 1 : 0);
    }

    function labelOf(slug) {
      return names[slug] && names[slug] !== slug ? names[slug] + " (" + slug + ")" : slug;
    }

    // As the server makes a new category's slug (domain.categories.slug_from_typed).
    function newSlug(typed) { return typed.trim().toLowerCase().replace(/[\s-]+/g, "_"); }

    // Every existing category: the known ones and the question's stored entries (legacy
    // spellings the game wrote, re-added exactly as stored). Not a name with spaces at either
    // end: the box trims what it holds, so it would be saved as another category; the
    // question's own comes back by its trimmed name (see entriesOf).
    function existing() {
      var out = Object.keys(names).filter(function (name) { return name === name.trim(); });
      stored.forEach(function (s) { if (out.indexOf(s) === -1) { out.push(s); } });
      if (out.indexOf("general") === -1) { out.push("general"); }
      return out;
    }

    // 0: what is typed is this category (its slug or its name, any case); 1: its slug or name
    // starts so; 2: one of their words does; -1: no match. Not any substring: "a" is in most.
    function rankOf(slug, typed) {
      var q = typed.toLowerCase(), qSlug = newSlug(typed);
      var lowSlug = slug.toLowerCase(), name = (names[slug] || slug).toLowerCase();
      if (lowSlug === q || lowSlug === qSlug || name === q) { return 0; }
      if (lowSlug.indexOf(qSlug) === 0 || name.indexOf(q) === 0) { return 1; }
      var words = (lowSlug + " " + name).split(/[\s_]+/);
      return words.some(function (w) { return w.indexOf(q) === 0; }) ? 2 : -1;
    }

    // The existing category that IS what was typed (the stored spelling first), or null.
    function exactExisting(typed) {
      if (existing().indexOf(typed) !== -1) { return typed; }
      var found = existing().filter(function (slug) { return rankOf(slug, typed) === 0; });
      return found.length ? found[0] : null;
    }

    function suggestionsFor(typed) {
      var chosen = current();
      var matches = existing().filter(function (slug) {
        return slug !== "general" && !chosenInFull(slug, chosen) && rankOf(slug, typed) >= 0;
      }).sort(function (a, b) {
        return (rankOf(a, typed) - rankOf(b, typed)) || (a === typed ? -1 : b === typed ? 1 : 0) ||
          labelOf(a).localeCompare(labelOf(b));
      }).slice(0, 8).map(function (slug) { return { slug: slug, label: labelOf(slug), create: false }; });
      var slug = newSlug(typed);
      if (!exactExisting(typed) && SLUG.test(slug)) {
        matches.push({ slug: slug, label: "Create new category “" + slug + "”", create: true });
      }
      return matches;
    }

    function draw() {
      listbox.textContent = "";
      options.forEach(function (option, i) {
        var item = document.createElement("li");
        item.id = listbox.id + "-" + i;
        item.setAttribute("role", "option");
        item.className = "chip-option" + (option.create ? " create" : "");
        item.setAttribute("aria-selected", i === active ? "true" : "false");
        item.dir = "auto";  // names the game stored as players wrote them, any script
        if (option.create) { item.setAttribute("data-testid", "category-create"); }
        item.textContent = option.label;
        // Keep the focus in the box while the pointer picks an option.
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(option); add.focus(); });
        listbox.appendChild(item);
      });
      listbox.hidden = options.length === 0;
      add.setAttribute("aria-expanded", options.length ? "true" : "false");
      if (active >= 0) {
        add.setAttribute("aria-activedescendant", listbox.id + "-" + active);
        listbox.children[active].scrollIntoView({ block: "nearest" });
      } else {
        add.removeAttribute("aria-activedescendant");
      }
    }

    // The suggestions for what is typed, the first existing match highlighted (never the
    // create option: that one must be chosen).
    function suggest() {
      var typed = add.value.trim();
      options = typed ? suggestionsFor(typed) : [];
      active = options.length && !options[0].create ? 0 : -1;
      draw();
    }

    function closeList() {
      options = [];
      active = -1;
      draw();
    }

    function showCount() {
      if (!limit) { return; }
      var n = countWithGeneral();
      counter.textContent = n + " of " + limit + " categories (general included)";
      add.placeholder = n >= limit ? "Limit reached: remove one to add another" : "Add a category…";
    }

    function quoted(spelling) { return "“" + spelling + "”"; }

    // One name chosen as several stored spellings ("space", " space"): the server saves the
    // k-th "space" of the box as the k-th stored spelling (domain.validation._categories_from),
    // so they are removed from the last, and a later spelling can't be kept without the first.
    function sameNameNote(slug, count) {
      // The chips are the first `count` stored spellings (a later one removed goes first).
      var known = spellings[slug] && spellings[slug].length >= count ?
        spellings[slug].slice(0, count) : null;
      if (!known) {
        return quoted(slug) + " stands for " + count + " categories stored on this question, " +
          "spelt with different spaces at either end. A save keeps the one stored first: you " +
          "can remove the later " + (count > 2 ? "ones, or all, but not keep a later one" :
            "one, or both, but not keep the later one") + " alone.";
      }
      var all = known.map(quoted);
      var list = all.slice(0, -1).join(", ") + " and " + all[all.length - 1];
      if (count === 2) {
        return list + " are two categories stored on this question. A save keeps the one " +
          "stored first: you can remove " + all[1] + ", or both, but not keep " + all[1] +
          " alone.";
      }
      return list + " are " + count + " categories stored on this question. A save keeps " +
        "those stored first: you can remove them from the last, " + all[count - 1] + ", on, " +
        "but not keep a later one without " + all[0] + ".";
    }

    function render() {
      chips.textContent = "";
      sameNote.textContent = "";
      var slugs = current();
      if (slugs.indexOf("general") === -1) { slugs.push("general"); }
      slugs.forEach(function (slug, at) {
        var item = document.createElement("li");
        // The k-th "space" here is saved as the k-th stored spelling of "space".
        var nth = timesIn(slugs.slice(0, at), slug);
        var spelling = (spellings[slug] && spellings[slug][nth]) || slug;
        var spaced = spelling !== spelling.trim();
        var legacy = spaced || (stored.indexOf(slug) !== -1 && !SLUG.test(slug));
        var brandNew = !names[slug] && stored.indexOf(slug) === -1 && slug !== "general";
        // Removing one of several "space" removes the last: the save keeps the first ones.
        var laterSame = timesIn(slugs.slice(at + 1), slug) > 0;
        var sameName = laterSame || timesIn(slugs.slice(0, at), slug) > 0;
        if (sameName && !timesIn(slugs.slice(0, at), slug)) {
          sameNote.textContent = (sameNote.textContent ? sameNote.textContent + " " : "") +
            sameNameNote(slug, timesIn(slugs, slug));
        }
        item.className = "chip" + (slug === "general" ? " general" : "") + (legacy ? " legacy" : "") +
          (brandNew ? " new" : "");
        item.setAttribute("data-slug", slug);
        if (spaced) {
          item.setAttribute("data-stored", spelling);
          item.setAttribute("data-testid", "spaced-category");
        }
        item.dir = "auto";
        if (spaced) {
          item.title = "Stored with spaces at either end, exactly as the game matches it; kept as it is.";
        } else if (legacy) {
          item.title = "Stored as written by the game; kept exactly as it is.";
        }
        var shown = spaced ? "“" + spelling + "”" : names[slug] ? names[slug] + " (" + slug + ")" : slug;
        if (laterSame) { item.setAttribute("aria-describedby", sameNote.id); }
        item.appendChild(document.createTextNode(shown));
        if (brandNew) {
          var badge = document.createElement("span");
          badge.className = "chip-new";
          badge.textContent = "new category";
          item.appendChild(document.createTextNode(" "));
          item.appendChild(badge);
        }
        if (slug !== "general" && !laterSame) {
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "chip-remove";
          remove.setAttribute("aria-label", "Remove category " + (spaced ? shown : slug));
          remove.textContent = "×";
          if (sameName) { remove.setAttribute("aria-describedby", sameNote.id); }
          remove.addEventListener("click", function () {
            // Gone from the box since this chip was drawn: remove nothing (splice(-1) would
            // take the last category instead).
            var left = current(), at = left.lastIndexOf(slug);
            if (at !== -1) { left.splice(at, 1); }
            input.value = left.join(", ");
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

    // At the limit: say so, naming what was typed, and select it, so the next keys typed
    // replace it rather than run on from it ("b", ",", "c" read "bc").
    function refuse(what) {
      hint.textContent = "Can't add “" + what + "”: a question has at most " + limit +
        " categories, general included (the game's limit). Remove one first.";
      add.setAttribute("aria-invalid", "true");
      closeList();
      add.select();
    }

    function addCategory(slug, creating) {
      var slugs = current();
      if (slug === "general" || chosenInFull(slug, slugs)) {
        hint.textContent = "“" + labelOf(slug) + "” is already chosen.";
        add.value = "";
        closeList();
        return;
      }
      if (limit && countWithGeneral() >= limit) { refuse(slug); return; }
      add.removeAttribute("aria-invalid");
      slugs.push(slug);
      input.value = slugs.join(", ");
      add.value = "";
      hint.textContent = "Added " + labelOf(slug) + ".";
      closeList();
      if (creating) {
        var names_box = document.getElementById("id_new_category_names");
        if (names_box && !hasNameLine(names_box, slug)) {
          names_box.value = (names_box.value ? names_box.value.replace(/\s*$/, "\n") : "") +
            slug + ": " + titleCase(slug) + "\n";  // typing on starts a line of its own
        }
        hint.textContent = "“" + slug + "” is a new category: saving creates it. Check its display name below.";
        var meant = likelyMeant(slug, names);
        if (meant && names_box) { offerInstead(slug, meant, names_box); }
      }
      render();
      changed();
    }

    function choose(option) { addCategory(option.slug, option.create); }

    // Enter or a comma: the highlighted option; with none (no existing category starts with
    // what is typed), show the create option highlighted and say how to confirm it.
    function commit() {
      var typed = add.value.trim();
      if (!typed) { closeList(); return; }
      if (typed.indexOf(",") !== -1) { commitSeveral(typed); return; }
      if (listbox.hidden) { suggest(); }
      if (active >= 0) { choose(options[active]); return; }
      var exact = exactExisting(typed);
      if (exact) { addCategory(exact, false); return; }
      if (limit && countWithGeneral() >= limit) { refuse(typed); return; }
      var slug = newSlug(typed);
      if (!SLUG.test(slug)) {
        hint.textContent = "“" + typed + "” can't be a category slug: use a–z, 0–9 and _ only.";
        return;
      }
      active = options.length - 1;  // the create option, always last
      draw();
      hint.textContent = "No existing category matches “" + typed + "”. Press Enter again to " +
        "create the new category “" + slug + "”, or change what you typed.";
    }

    // Several names at once, as the help text writes them ("science, history", pasted): each
    // existing category is added; the first one that isn't goes on as if typed alone (its
    // create option, confirmed with Enter), and the hint names the others still to add.
    function commitSeveral(typed) {
      var waiting = [];
      typed.split(",").forEach(function (part) {
        part = part.trim();
        if (!part) { return; }
        var exact = exactExisting(part);
        if (exact) { addCategory(exact, false); } else { waiting.push(part); }
      });
      add.value = waiting.length ? waiting[0] : "";
      if (waiting.length === 1) { commit(); return; }
      if (waiting.length > 1) {
        commit();
        hint.textContent += " Not added yet: " + waiting.slice(1).join(", ") + ".";
      }
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

    function move(step) {
      // A closed list opens on its first match (as typing would show it), not one further.
      if (listbox.hidden) {
        suggest();
        if (active >= 0 || !options.length) { return; }
      }
      if (!options.length) { return; }
      var n = options.length;
      active = active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n;
      draw();
    }

    add.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        move(event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Escape" && !listbox.hidden) {
        event.preventDefault();
        closeList();
      } else if (event.key === "Enter" || event.key === ",") {
        event.preventDefault();
        commit();
      }
    });
    // A hint about what was typed in the box ("… is not added") is about that text only: it
    // goes once the box changes, as the text it named is gone.
    var typedHint = null;  // the text of that hint, while it is the one shown
    function sayTyped(text) { hint.textContent = text; typedHint = text; }
    add.addEventListener("input", function () {
      if (typedHint !== null && hint.textContent === typedHint) { hint.textContent = ""; }
      typedHint = null;
      suggest();
    });
    // What is typed when the box is left or the form sent: an existing category is added (one
    // already chosen, or general, just clears the box) and "empty" returned, or "refused" at
    // the limit (refuse() said so); anything else stays, not added: "typed".
    function settleTyped() {
      var typed = add.value.trim();
      if (!typed) { return "empty"; }
      var exact = exactExisting(typed);
      if (!exact) { return "typed"; }
      addCategory(exact, false);
      return add.value.trim() ? "refused" : "empty";
    }

    add.addEventListener("blur", function (event) {
      closeList();
      // Left for a button of the form (Save): the submit settles it, below. A chip or a hint
      // appearing now would move that button from under the pointer between press and release.
      var toButton = event.relatedTarget && event.relatedTarget.form === input.form &&
        event.relatedTarget.type === "submit";
      if (!toButton && settleTyped() === "typed") {
        sayTyped("“" + add.value.trim() + "” is not added: choose an existing " +
          "category from the suggestions, or “Create new category”.");
      }
    });
    // Saving with text still in the box that is no category would drop it unsaid: the save
    // waits, and says so there. (Capture, so it runs before admin.js's confirmation and htmx.)
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        var typed = add.value.trim();
        var settled = settleTyped();
        if (settled === "empty") { return; }
        event.preventDefault();
        event.stopImmediatePropagation();
        add.focus();
        if (settled === "refused") { return; }  // refuse() said why, at the box
        suggest();
        sayTyped("Not saved yet: “" + typed + "” is typed but not added. Pick a " +
          "suggestion, choose “Create new category”, or clear the box, then save again.");
      }, true);
    }
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

  // Back after "Create question": the browser puts what was typed back into a freshly served
  // form, with a new nonce, so "Create" again would make a second question of the same text.
  // The nonce a form was sent with is kept in its own history entry and goes back with what the
  // browser restores there: the server then knows the form it created (nothing more is created;
  // "This form already created …" if changed). A form never sent keeps its new nonce.
  function keepCreateNonce(form) {
    var nonce = form.querySelector("input[name=form_nonce]");
    if (!nonce || !window.history || !window.history.replaceState) { return; }
    var navigation = window.performance && window.performance.getEntriesByType ?
      window.performance.getEntriesByType("navigation")[0] : null;
    var state = window.history.state;
    if (navigation && navigation.type === "back_forward" && state && state.createNonce) {
      nonce.value = state.createNonce;
    }
    form.addEventListener("submit", function () {
      var kept = {};
      var current = window.history.state;
      if (current && typeof current === "object") {
        Object.keys(current).forEach(function (key) { kept[key] = current[key]; });
      }
      kept.createNonce = nonce.value;
      window.history.replaceState(kept, "");
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-category-input]"), enhanceCategories);
    var form = document.getElementById("question-form");
    if (form) { livePreview(form); }
    if (form && form.hasAttribute("data-create-form")) { keepCreateNonce(form); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

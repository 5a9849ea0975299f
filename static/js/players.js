// Player calendar: arrow keys move between days (one tab stop for the whole grid) and the
// chosen day stays highlighted. Without JavaScript every day is a plain link.
(function () {
  "use strict";

  function cells(grid) { return Array.prototype.slice.call(grid.querySelectorAll("a.cell")); }

  function setup(root) {
    var grids = (root || document).querySelectorAll("[data-heatmap]");
    Array.prototype.forEach.call(grids, function (grid) {
      if (grid.getAttribute("data-ready")) { return; }
      grid.setAttribute("data-ready", "1");
      // Twelve months are wider than the card at 1024 px: the calendar scrolls inside it,
      // starting at the latest days (what support looks at first).
      var scroller = grid.closest(".heatmap-wrap");
      if (scroller) {
        scroller.scrollLeft = scroller.scrollWidth;
        // Nothing else shows that earlier months are out of sight (scroll bars overlay, or hide).
        var hint = scroller.parentElement.querySelector("[data-testid=calendar-scroll-hint]");
        var showHint = function () { hint.hidden = scroller.scrollWidth <= scroller.clientWidth; };
        if (hint) {
          showHint();
          if (window.ResizeObserver) { new ResizeObserver(showHint).observe(scroller); }  // zoom
        }
        // A day reached by keyboard is always shown whole, whatever the browser's own focus
        // scrolling does inside a sideways-scrolled box.
        scroller.addEventListener("focusin", function (event) {
          if (event.target.matches("a.cell")) {
            event.target.scrollIntoView({ block: "nearest", inline: "nearest" });
          }
        });
      }
      var all = cells(grid);
      if (!all.length) { return; }
      var start = grid.querySelector("a.cell.today") || all[all.length - 1];
      all.forEach(function (cell) { cell.setAttribute("tabindex", cell === start ? "0" : "-1"); });
    });
  }

  function move(cell, delta) {
    var grid = cell.closest("[data-heatmap]");
    var all = cells(grid);
    // Cells are in row order (weekday by weekday); compare by date instead to move in time.
    var byDate = all.slice().sort(function (a, b) { return a.dataset.day < b.dataset.day ? -1 : 1; });
    var index = byDate.indexOf(cell) + delta;
    if (index < 0 || index >= byDate.length) { return; }
    var next = byDate[index];
    cell.setAttribute("tabindex", "-1");
    next.setAttribute("tabindex", "0");
    next.focus();
  }

  var STEPS = { ArrowUp: -1, ArrowDown: 1, ArrowLeft: -7, ArrowRight: 7 };

  document.addEventListener("keydown", function (event) {
    var cell = event.target;
    if (!cell.matches || !cell.matches("[data-heatmap] a.cell")) { return; }
    if (STEPS[event.key] === undefined) { return; }
    event.preventDefault();
    move(cell, STEPS[event.key]);
  });

  document.addEventListener("click", function (event) {
    var cell = event.target.closest && event.target.closest("[data-heatmap] a.cell");
    if (!cell) { return; }
    var grid = cell.closest("[data-heatmap]");
    cells(grid).forEach(function (other) {
      other.classList.remove("selected");
      other.removeAttribute("aria-current");
      other.setAttribute("tabindex", "-1");
    });
    cell.classList.add("selected");
    cell.setAttribute("aria-current", "date");
    cell.setAttribute("tabindex", "0");
  });

  document.addEventListener("DOMContentLoaded", function () { setup(document); });
  document.addEventListener("htmx:afterSettle", function (event) { setup(event.detail.elt.parentNode || document); });
})();

"""The category chart at 1024 px: every label and every value label is inside the chart (an SVG
clips what falls outside it: "15031 (stored 15…" was cut at the right edge)."""

from __future__ import annotations

from tests.support import game_writes as game
from tests.support.browser import screenshot
from tests.support.questions import make_question, seed, set_stored_count
from truthbyte_admin.data import tables
from truthbyte_admin.staffindex import sync
from truthbyte_admin.staffindex.build import rebuild

# Every text of the chart whose box leaves the SVG's viewBox (user units, as the text is laid out).
OUTSIDE = """svg => {
  const view = svg.viewBox.baseVal;
  return Array.from(svg.querySelectorAll("text")).map(t => {
    const box = t.getBBox();
    return {text: t.textContent, left: box.x, right: box.x + box.width};
  }).filter(t => t.left < 0 || t.right > view.width);
}"""


def test_chart_labels_and_values_fit_at_1024(page, sign_in, live_app):
    seed(
        *[make_question(f"g{n}", ["geography"], 1 + n % 5) for n in range(12)],
        *[make_question(f"w{n}", ["world"], 2) for n in range(11)],
        *[make_question(f"j{n}", ["japan"], 3) for n in range(10)],
    )
    # Stored counts far from the questions (what the repair is for), and long, wide names.
    set_stored_count("general", 1_503_100)
    set_stored_count("geography", 150_012)
    game.put(
        tables.CATEGORIES,
        {"category_id": "world", "name": "WWW: Worldwide Wonders & Marvels of the World"},
    )
    game.put(
        tables.CATEGORIES,
        {"category_id": "japan", "name": "日本の都道府県と市町村の歴史と文化と地理と名所"},
    )
    rebuild()
    sync.sync_once()  # the drift
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in("support")
    page.goto(f"{live_app.url}/categories/")
    chart = page.get_by_test_id("chart")
    values = chart.locator("text.value").all_text_contents()
    assert "33 (stored 1,503,100)" in values  # thousands separators kept
    assert "12 (stored 150,012)" in values
    assert chart.evaluate(OUTSIDE) == []
    # The chart still fits the page: no sideways scrolling at 1024 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    chart.scroll_into_view_if_needed()
    screenshot(page, "categories-chart-1024")

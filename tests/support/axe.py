"""axe-core in Chromium: the accessibility violations of the page as it is now.

axe is injected as an inline script, which the app's strict CSP rightly blocks: open the page in
a context made with ``bypass_csp=True``.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


def axe_violations(page, *, impacts: tuple[str, ...] = ALL_IMPACTS) -> list[dict]:
    """The violations of the given impacts, each as its rule id and up to 5 offending nodes."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result
        if v["impact"] in impacts
    ]

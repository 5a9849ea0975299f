"""Helpers for the browser tests."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def screenshot(page, name: str) -> Path:
    """Save a screenshot under artifacts/screenshots/ (for people to look at; not asserted)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

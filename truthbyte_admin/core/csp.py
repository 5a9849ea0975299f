"""The Content-Security-Policy every response carries."""

from __future__ import annotations

# No inline scripts or styles anywhere: every script and stylesheet is a static file.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

"""The Content-Security-Policy and Permissions-Policy every response carries."""

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

# The admin uses no camera, microphone, location or other device feature: none is granted to
# it or to anything it might ever embed (only features browsers know, or they log a warning).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

"""Untrusted player text for the pending queue: markup, scripts, huge strings, RTL, emoji.

The game strips non-printable ASCII on input, but older clients and the documented shape did not,
and everything a player typed must be shown escaped. The first entry is the pending submission
``special.XSS_SUBMISSION_ID``.
"""

from __future__ import annotations

_LONG = ("This question is very long and keeps going on purpose. " * 40)[:2000]
_UNBROKEN = "https://example.com/" + "a" * 300

HOSTILE_SUBMISSIONS: tuple[dict, ...] = (
    {
        "question": "<script>alert('x')</script>",
        "title": "<script>alert('x')</script>",
        "passage": "Harmless-looking passage <script>alert('x')</script> with a script in it.",
        "answer": True,
        "categories": ["science"],
        "difficulty": 3,
    },
    {
        "question": "Is this image safe? <img src=x onerror=alert(1)>",
        "title": "<img src=x onerror=alert(1)>",
        "passage": "<img src=x onerror=alert(1)> An image tag with an error handler.",
        "answer": False,
        "categories": ["art"],
        "difficulty": 2,
    },
    {
        "question": "Is <b>bold</b> text <i>allowed</i> in "
        '<a href="javascript:alert(1)">links</a>?',
        "title": "<h1>Markup</h1>",
        "passage": '<div style="color:red"><h1>Heading</h1><p>A paragraph</p>'
        '<iframe src="https://example.com"></iframe></div>',
        "answer": False,
        "categories": ["technology"],
        "difficulty": 3,
    },
    {
        "question": "Does this submission have a 2,000-character passage?",
        "title": "Long passage",
        "passage": _LONG,
        "answer": True,
        "categories": ["general"],
        "difficulty": 1,
    },
    {
        "question": _LONG,
        "title": "Long question",
        "passage": "The question itself is 2,000 characters.",
        "answer": True,
        "categories": ["history"],
        "difficulty": 3,
    },
    {
        "question": "Is the 🦄 unicorn the national animal of Scotland? 🏴󠁧󠁢󠁳󠁣󠁴󠁿🔥",
        "title": "🦄 Scotland",
        "passage": "The unicorn 🦄 has been Scotland's national animal for "
        "centuries. 👍🏽 Emoji, skin tones and flag tag sequences: 🏳️‍🌈 👨‍👩‍👧‍👦.",
        "answer": True,
        "categories": ["history", "biology"],
        "difficulty": 2,
    },
    {
        "question": "هل القاهرة هي عاصمة مصر؟",
        "title": "عاصمة مصر",
        "passage": "القاهرة هي عاصمة جمهورية مصر العربية وأكبر مدنها.",
        "answer": True,
        "categories": ["capitals"],
        "difficulty": 1,
    },
    {
        "question": "האם מים רותחים ב־100 מעלות צלזיוס בגובה פני הים?",
        "title": "נקודת רתיחה",
        "passage": "בלחץ של אטמוספרה אחת מים רותחים ב־100 מעלות צלזיוס.",
        "answer": True,
        "categories": ["physics"],
        "difficulty": 2,
    },
    {
        "question": "Is this \u202egnirts desrever\u202c a trick?",
        "title": "Bidi \u202eoverride",
        "passage": "Right-to-left override characters can disguise text: \u202etxt.exe\u202c.",
        "answer": True,
        "categories": ["technology"],
        "difficulty": 4,
    },
    {
        "question": "Est-ce que la crème brûlée vient de France ?",
        "title": "Crème brûlée",
        "passage": "La crème brûlée est un dessert français ; Zürich, São Paulo, Reykjavík, Łódź.",
        "answer": True,
        "categories": ["history"],
        "difficulty": 2,
    },
    {
        "question": "Is {{ 7*7 }} equal to 49? {% debug %} ${7*7} #{7*7}",
        "title": "{{ request }}",
        "passage": "Template syntax {{ settings.SECRET_KEY }} {% load static %} "
        "must show literally.",
        "answer": True,
        "categories": ["mathematics"],
        "difficulty": 1,
    },
    {
        "question": "Robert'); DROP TABLE questions;-- is a famous name?",
        "title": "Bobby Tables",
        "passage": "SQL injection strings: ' OR '1'='1 -- and \"; DELETE FROM users; --",
        "answer": False,
        "categories": ["technology"],
        "difficulty": 3,
    },
    {
        "question": "Is\u200bthis\u200bzero\u200bwidth\u200bspaced?",
        "title": "Zero\u200bwidth",
        "passage": "Invisible characters: zero-width space, joiner\u200d, BOM\ufeff, "
        "soft\u00adhyphen.",
        "answer": True,
        "categories": ["languages"],
        "difficulty": 5,
    },
    {
        "question": f"Does this unbroken URL wrap? {_UNBROKEN}",
        "title": _UNBROKEN[:100],
        "passage": _UNBROKEN,
        "answer": False,
        "categories": ["technology"],
        "difficulty": 3,
    },
)

"""True/false question drafts from the fact tables: one small template function per kind of fact.

Every template takes the RNG and whether the statement should be true, and returns a
:class:`Draft` whose passage states the true fact (a false statement shows a plausible wrong
value: a country's largest city, a neighbouring year, a nearby atomic number ...).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from . import facts


@dataclass(frozen=True)
class Draft:
    question: str
    title: str
    passage: str
    answer: bool
    categories: tuple[str, ...]  # 1-2 slugs, without `general`
    difficulty: int


Template = Callable[[random.Random, bool], Draft]

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
KIND_PHRASE = {"rocky": "a rocky planet", "gas giant": "a gas giant", "ice giant": "an ice giant"}
# Transcontinental or often-disputed: left out of "Is X in continent Y?" questions.
AMBIGUOUS_CONTINENT = {"Turkey", "Kazakhstan", "Egypt"}


def _difficulty(rng: random.Random, base: int) -> int:
    return max(1, min(5, base + rng.choice((-1, 0, 0, 0, 1))))


def _article(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _near(rng: random.Random, value: int, offsets: tuple[int, ...], low: int = 1) -> int:
    while True:
        candidate = value + rng.choice(offsets)
        if candidate >= low and candidate != value:
            return candidate


# --- geography -------------------------------------------------------------------------------


def capital(rng: random.Random, truth: bool) -> Draft:
    country, city, continent, decoy = rng.choice(facts.CAPITALS)
    if truth:
        shown = city
    elif rng.random() < 0.6:
        shown = decoy
    else:
        shown = rng.choice([c[1] for c in facts.CAPITALS if c[2] == continent and c[1] != city])
    passage = (
        f"{city} is the capital of {country}, a country in {continent}. "
        f"{decoy} is one of the country's best-known cities, but the seat of government is in "
        f"{city}."
    )
    base = 1 if decoy in {"Sydney", "Toronto", "New York City", "Istanbul", "Barcelona"} else 2
    return Draft(
        f"Is {shown} the capital of {country}?",
        f"Capital of {country}",
        passage,
        truth,
        ("capitals", "geography"),
        _difficulty(rng, base + (shown == decoy)),
    )


def continent(rng: random.Random, truth: bool) -> Draft:
    country, _city, where, _decoy = rng.choice(
        [c for c in facts.CAPITALS if c[0] not in AMBIGUOUS_CONTINENT]
    )
    shown = where if truth else rng.choice([c for c in facts.CONTINENTS if c != where])
    return Draft(
        f"Is {country} in {shown}?",
        f"{country}",
        f"{country} is a country in {where}.",
        truth,
        ("geography",),
        _difficulty(rng, 1),
    )


def summit(rng: random.Random, truth: bool) -> Draft:
    mountain, where, height = rng.choice(facts.SUMMITS)
    passage = f"{mountain} is the highest mountain in {where}, at about {height:,} metres."
    if rng.random() < 0.5:
        shown = where if truth else rng.choice([c for c in facts.CONTINENTS if c != where])
        question = f"Is {mountain} the highest mountain in {shown}?"
        base = 2
    else:
        shown_height = height if truth else _near(rng, height, (-900, -600, -300, 300, 600))
        question = f"Is {mountain} about {shown_height:,} metres high?"
        base = 4
    return Draft(question, mountain, passage, truth, ("geography",), _difficulty(rng, base))


def language(rng: random.Random, truth: bool) -> Draft:
    country, tongue = rng.choice(facts.LANGUAGES)
    shown = tongue if truth else rng.choice(sorted({t for _, t in facts.LANGUAGES} - {tongue}))
    return Draft(
        f"Is {shown} an official language of {country}?",
        f"Languages of {country}",
        f"{tongue} is an official language of {country}.",
        truth,
        ("languages", "geography"),
        _difficulty(rng, 2),
    )


# --- science -------------------------------------------------------------------------------


def element_symbol(rng: random.Random, truth: bool) -> Draft:
    name, symbol, number = rng.choice(facts.ELEMENTS)
    if truth:
        shown = symbol
    else:
        similar = [e[1] for e in facts.ELEMENTS if e[1] != symbol and e[1][0] == name[0]]
        shown = rng.choice(similar or [e[1] for e in facts.ELEMENTS if e[1] != symbol])
    return Draft(
        f"Is {shown} the chemical symbol for {name.lower()}?",
        name,
        f"{name} is a chemical element with the symbol {symbol} and atomic number {number}.",
        truth,
        ("chemistry", "science"),
        _difficulty(rng, 2 if number <= 30 else 3),
    )


def element_number(rng: random.Random, truth: bool) -> Draft:
    name, symbol, number = rng.choice(facts.ELEMENTS)
    shown = number if truth else _near(rng, number, (-3, -2, -1, 1, 2, 3))
    return Draft(
        f"Does {name.lower()} have the atomic number {shown}?",
        f"{name} ({symbol})",
        f"{name} ({symbol}) has atomic number {number}: each of its atoms has {number} "
        f"proton{'s' if number > 1 else ''} in the nucleus.",
        truth,
        ("chemistry",),
        _difficulty(rng, 3 if number <= 20 else 4),
    )


def unit(rng: random.Random, truth: bool) -> Draft:
    quantity, si_unit = rng.choice(facts.UNITS)
    shown = si_unit if truth else rng.choice([u for _, u in facts.UNITS if u != si_unit])
    return Draft(
        f"Is the {shown} the SI unit of {quantity}?",
        f"SI unit of {quantity}",
        f"In the International System of Units (SI), {quantity} is measured in {si_unit}s.",
        truth,
        ("physics", "science"),
        _difficulty(rng, 2),
    )


def animal(rng: random.Random, truth: bool) -> Draft:
    name, group = rng.choice(facts.ANIMALS)
    shown = group if truth else rng.choice(sorted({g for _, g in facts.ANIMALS} - {group}))
    return Draft(
        f"Is the {name} {_article(shown)}?",
        _cap(name),
        f"The {name} is {_article(group)}.",
        truth,
        ("biology", "science"),
        _difficulty(rng, 2),
    )


def planet(rng: random.Random, truth: bool) -> Draft:
    name, order, kind = rng.choice(facts.PLANETS)
    passage = f"{name} is the {ORDINALS[order - 1]} planet from the Sun and is {KIND_PHRASE[kind]}."
    if rng.random() < 0.6:
        shown = order if truth else _near(rng, order, (-2, -1, 1, 2))
        if shown > 8:
            shown = order - 1
        question = f"Is {name} the {ORDINALS[shown - 1]} planet from the Sun?"
    else:
        shown_kind = kind if truth else rng.choice(sorted(set(KIND_PHRASE) - {kind}))
        question = f"Is {name} {KIND_PHRASE[shown_kind]}?"
    return Draft(question, name, passage, truth, ("space", "science"), _difficulty(rng, 2))


def moon(rng: random.Random, truth: bool) -> Draft:
    name, host = rng.choice(facts.MOONS)
    shown = host if truth else rng.choice(sorted({h for _, h in facts.MOONS} - {host}))
    return Draft(
        f"Is {name} a moon of {shown}?",
        f"{name} (moon)",
        f"{name} is a natural satellite of {host}.",
        truth,
        ("space",),
        _difficulty(rng, 3),
    )


# --- history and culture -------------------------------------------------------------------


def event(rng: random.Random, truth: bool) -> Draft:
    name, year, where = rng.choice(facts.EVENTS)
    shown = year if truth else _near(rng, year, (-50, -10, -5, -2, -1, 1, 2, 5, 10, 50))
    title = _cap(name.removeprefix("the "))
    base = 4 if year < 1000 else 2 if year > 1900 else 3
    return Draft(
        f"Did {name} take place in {shown}?",
        title,
        f"{_cap(name)} took place in {year}, in {where}.",
        truth,
        ("history",),
        _difficulty(rng, base),
    )


def book(rng: random.Random, truth: bool) -> Draft:
    author, work, year = rng.choice(facts.BOOKS)
    passage = f"{work} is a work by {author}, first published in {year}."
    if rng.random() < 0.6:
        shown = author if truth else rng.choice([b[0] for b in facts.BOOKS if b[0] != author])
        question, categories, base = f"Did {shown} write {work}?", ("literature",), 2
    else:
        shown_year = year if truth else _near(rng, year, (-30, -10, -3, 3, 10, 30))
        question = f"Was {work} first published in {shown_year}?"
        categories, base = ("literature", "history"), 4
    return Draft(question, work, passage, truth, categories, _difficulty(rng, base))


def painting(rng: random.Random, truth: bool) -> Draft:
    painter, work, year = rng.choice(facts.PAINTINGS)
    passage = f"{_cap(work)} was painted by {painter} around {year}."
    if rng.random() < 0.6:
        shown = painter if truth else rng.choice([p[0] for p in facts.PAINTINGS if p[0] != painter])
        question, categories, base = f"Did {shown} paint {work}?", ("art",), 2
    else:
        shown_year = year if truth else _near(rng, year, (-40, -15, -5, 5, 15, 40))
        question = f"Was {work} painted around {shown_year}?"
        categories, base = ("art", "history"), 4
    return Draft(question, _cap(work), passage, truth, categories, _difficulty(rng, base))


def invention(rng: random.Random, truth: bool) -> Draft:
    thing, inventor, year = rng.choice(facts.INVENTIONS)
    passage = f"{inventor} is credited with {thing}, which dates from {year}."
    if rng.random() < 0.6:
        others = [i[1] for i in facts.INVENTIONS if i[1] != inventor]
        shown = inventor if truth else rng.choice(others)
        question, base = f"Is {shown} credited with {thing}?", 2
    else:
        shown_year = year if truth else _near(rng, year, (-20, -8, -3, 3, 8, 20))
        question, base = f"Does {thing} date from {shown_year}?", 3
    return Draft(
        question, _cap(thing), passage, truth, ("technology", "history"), _difficulty(rng, base)
    )


# --- mathematics ----------------------------------------------------------------------------


def _is_prime(n: int) -> bool:
    return n > 1 and all(n % p for p in range(2, int(n**0.5) + 1))


PRIMES = tuple(n for n in range(2, 2000) if _is_prime(n))
# Composites that look prime (odd, not divisible by 3 or 5): plausible wrong answers.
LOOKALIKES = tuple(n for n in range(49, 2000) if not _is_prime(n) and n % 2 and n % 3 and n % 5)


def addition(rng: random.Random, truth: bool) -> Draft:
    big = rng.random() < 0.3
    a, b = (
        (rng.randint(100, 9999), rng.randint(100, 9999))
        if big
        else (rng.randint(10, 999), rng.randint(10, 999))
    )
    total = a + b
    shown = total if truth else _near(rng, total, (-100, -10, -2, -1, 1, 2, 10, 100))
    return Draft(
        f"Is {a} + {b} equal to {shown}?",
        f"Sum of {a} and {b}",
        f"{a} plus {b} equals {total}. Addition is commutative, so {b} plus {a} gives the "
        "same result.",
        truth,
        ("mathematics",),
        _difficulty(rng, 3 if big else 1),
    )


def product(rng: random.Random, truth: bool) -> Draft:
    level = rng.random()
    if level < 0.4:
        a, b, base = rng.randint(2, 12), rng.randint(2, 12), 1
    elif level < 0.8:
        a, b, base = rng.randint(11, 99), rng.randint(3, 19), 3
    else:
        a, b, base = rng.randint(21, 99), rng.randint(21, 99), 5
    result = a * b
    shown = result if truth else _near(rng, result, (-a, -10, -1, 1, 10, b))
    sign = "×" if rng.random() < 0.3 else "times"  # a few carry the multiplication sign
    return Draft(
        f"Is {a} {sign} {b} equal to {shown}?",
        f"Product of {a} and {b}",
        f"{a} multiplied by {b} equals {result}.",
        truth,
        ("mathematics",),
        _difficulty(rng, base),
    )


def prime(rng: random.Random, truth: bool) -> Draft:
    n = rng.choice(PRIMES) if truth else rng.choice(LOOKALIKES)
    if truth:
        passage = f"{n} is a prime number: its only divisors are 1 and {n}."
    else:
        factor = next(p for p in PRIMES if n % p == 0)
        passage = f"{n} is not a prime number: {n} = {factor} times {n // factor}."
    base = 2 if n < 100 else 4 if n < 1000 else 5
    return Draft(
        f"Is {n} a prime number?",
        f"Is {n} prime?",
        passage,
        truth,
        ("mathematics",),
        _difficulty(rng, base),
    )


def square(rng: random.Random, truth: bool) -> Draft:
    n = rng.randint(4, 99)
    shown = n if truth else _near(rng, n, (-2, -1, 1, 2))
    return Draft(
        f"Is the square root of {n * n} equal to {shown}?",
        f"Square root of {n * n}",
        f"{n} times {n} is {n * n}, so the square root of {n * n} is {n}.",
        truth,
        ("mathematics",),
        _difficulty(rng, 2 if n < 20 else 3),
    )


# Template, weight. Finite tables run out of fresh statements at large sizes; arithmetic doesn't.
TEMPLATES: tuple[tuple[Template, int], ...] = (
    (capital, 12),
    (continent, 4),
    (summit, 2),
    (language, 4),
    (element_symbol, 6),
    (element_number, 5),
    (unit, 3),
    (animal, 4),
    (planet, 4),
    (moon, 3),
    (event, 10),
    (book, 5),
    (painting, 5),
    (invention, 4),
    (addition, 8),
    (product, 9),
    (prime, 8),
    (square, 4),
)
FALLBACK: tuple[Template, ...] = (addition, product)

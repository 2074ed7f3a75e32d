"""Date expressions to ISO 8601, relative to the document's publication date."""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}

DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)")
MONTH_DAY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")
MONTH_YEAR = re.compile(r"([A-Za-z]+)\s+(\d{4})")
YEAR = re.compile(r"(?:in\s+)?(\d{4})$")
LEADING_WORD = re.compile(r"^(on|in|since|by|from|until|the)\s+", re.IGNORECASE)


def normalise_date(text: str, anchor: date | None, known_years: dict[tuple[int, int], int] | None = None) -> str | None:
    """ISO 8601 for a date expression ("7 October 2023", "on Thursday", "last month"), or None.

    `anchor` is the publication date; `known_years` maps (month, day) to a year stated elsewhere in the
    same document, so "October 7" after "7 October 2023" keeps 2023. A date before year 1 is None.
    """
    iso = stated_date(text, anchor, known_years)
    return None if iso is None or iso.startswith("0000") else iso  # XSD 1.0 dates have no year 0


def stated_date(text: str, anchor: date | None, known_years: dict[tuple[int, int], int] | None) -> str | None:
    text = bare(text)
    lower = text.lower()
    full = full_date(text)
    if full:
        return full.isoformat()
    month_day = partial_date(text)
    if month_day:
        month, day = month_day
        year = (known_years or {}).get(month_day) or (anchor and latest_year(anchor, month, day))
        return valid_iso(year, month, day) if year else None
    month_year = MONTH_YEAR.fullmatch(text)
    if month_year and month_year.group(1).lower() in MONTHS:
        return f"{int(month_year.group(2)):04d}-{MONTHS[month_year.group(1).lower()]:02d}"
    year_only = YEAR.fullmatch(lower)
    if year_only:
        return year_only.group(1)
    return relative_date(lower, anchor) if anchor else None


def full_date(text: str) -> date | None:
    for pattern, order in ((ISO, "ymd"), (DAY_MONTH_YEAR, "dmy"), (MONTH_DAY_YEAR, "mdy")):
        match = pattern.search(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups()))
        month = int(parts["m"]) if parts["m"].isdigit() else MONTHS.get(parts["m"].lower())
        if month and (iso := valid_iso(int(parts["y"]), month, int(parts["d"]))):
            return date.fromisoformat(iso)
    return None


def partial_date(text: str) -> tuple[int, int] | None:
    """(month, day) of "October 7" or "7 October"."""
    for pattern, month_first in ((MONTH_DAY, True), (DAY_MONTH, False)):
        match = pattern.fullmatch(text)
        if match:
            month_word, day = (match.group(1), match.group(2)) if month_first else (match.group(2), match.group(1))
            if month_word.lower() in MONTHS:
                return MONTHS[month_word.lower()], int(day)
    return None


def bare(text: str) -> str:
    """A date expression without the preposition or article before it: "on Thursday" -> "Thursday"."""
    return LEADING_WORD.sub("", text.strip())


def relative_date(text: str, anchor: date) -> str | None:
    """Expressions counted from the publication date ("on Thursday", "last month"), else None; None too
    when counting back leaves the calendar ("yesterday" in an article dated 0001-01-01)."""
    try:
        iso = counted_back(bare(text).lower(), anchor)
    except OverflowError:
        return None
    return None if iso is None or iso.startswith("0000") else iso


def counted_back(lower: str, anchor: date) -> str | None:
    if lower in ("today", "this week"):
        return anchor.isoformat()
    if lower == "yesterday":
        return (anchor - timedelta(days=1)).isoformat()
    if lower in WEEKDAYS:  # the latest such weekday on or before the publication date
        return (anchor - timedelta(days=(anchor.weekday() - WEEKDAYS[lower]) % 7)).isoformat()
    if lower == "last month":
        first = anchor.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if lower == "this month":
        return f"{anchor.year:04d}-{anchor.month:02d}"
    if lower == "last year":
        return f"{anchor.year - 1:04d}"
    if lower == "this year":
        return f"{anchor.year:04d}"
    if lower in MONTHS:  # "in June": the latest June up to the publication month
        month = MONTHS[lower]
        year = anchor.year if month <= anchor.month else anchor.year - 1
        return f"{year:04d}-{month:02d}"
    return None


def latest_year(anchor: date, month: int, day: int) -> int:
    """The year of the latest (month, day) on or before the anchor."""
    return anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1


def valid_iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None

"""Dates written in articles, resolved against the publication date.

A resolved date is as precise as the text allows: ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``.

>>> resolve_date("on March 4, 2024", "2024-03-05")
'2024-03-04'
>>> resolve_date("in October", "2024-11-02")
'2024-10'
>>> resolve_date("in December", "2024-11-02")
'2023-12'
>>> resolve_date("last month", "2025-01-15")
'2024-12'
>>> resolve_date("as of November 18", "2022-11-21"), resolve_date("on Monday", "2023-06-27")
('2022-11-18', '2023-06-26')
>>> resolve_date("the third quarter of 2023", None)
'2023'
>>> resolve_date("soon", "2024-01-01") is None
True
>>> halving_date("the April halving", None)
'2024-04'
>>> halving_date("the 2020 halving", None)
'2020-05'
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Bitcoin's block-subsidy halvings, as (year, month, day).
HALVINGS = ((2012, 11, 28), (2016, 7, 9), (2020, 5, 11), (2024, 4, 20))

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_FULL = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
_MONTH_YEAR = re.compile(_MONTH + r",?\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b", re.I)
_MONTH_DAY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b", re.I)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)(?:-(?P<day>\d\d))?\b")
_MONTH_ONLY = re.compile(r"\b" + _MONTH + r"\b", re.I)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)
_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d\d)\b")
_RELATIVE = re.compile(r"\b(?P<which>last|this|next)\s+(?P<unit>month|year)\b", re.I)


def _parse_published(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published) if published else None
    except ValueError:
        return None


def _month_before(month: int, ref: date) -> str:
    """``YYYY-MM`` of the latest such month on or before ``ref``."""
    year = ref.year if month <= ref.month else ref.year - 1
    return f"{year}-{month:02d}"


def resolve_date(text: str, published: str | None) -> str | None:
    """The date ``text`` names, resolved against ``published`` (YYYY-MM-DD)."""
    ref = _parse_published(published)
    if m := _ISO.search(text):
        return m.group(0)
    if m := _FULL.search(text):
        month = MONTHS[m.group("month").lower()]
        return f"{m.group('year')}-{month:02d}-{int(m.group('day')):02d}"
    if m := _MONTH_YEAR.search(text):
        return f"{m.group('year')}-{MONTHS[m.group('month').lower()]:02d}"
    if m := _YEAR.search(text):
        return m.group("year")
    if ref is None:
        return None
    if m := _MONTH_DAY.search(text):  # "November 18": the latest such day on or before publication
        month, day = MONTHS[m.group("month").lower()], int(m.group("day"))
        year = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
        return f"{year}-{month:02d}-{day:02d}"
    if m := _WEEKDAY.search(text):  # "on Monday": the latest Monday on or before publication
        back = (ref.weekday() - WEEKDAYS.index(m.group("weekday").lower())) % 7
        return (ref - timedelta(days=back)).isoformat()
    if m := _RELATIVE.search(text):
        step = {"last": -1, "this": 0, "next": 1}[m.group("which").lower()]
        if m.group("unit").lower() == "year":
            return str(ref.year + step)
        index = ref.year * 12 + ref.month - 1 + step
        return f"{index // 12}-{index % 12 + 1:02d}"
    if m := _MONTH_ONLY.search(text):
        if m.group("month").lower() == "may" and not text.strip().lower().startswith(("in may", "may")):
            return None  # "may" is far more often the modal verb
        return _month_before(MONTHS[m.group("month").lower()], ref)
    return None


def halving_date(text: str, published: str | None) -> str | None:
    """``YYYY-MM`` of the halving a phrase such as "the April halving" means.

    The halving named by year or month, else the latest one on or before the
    publication date (or the latest known one when there is none).
    """
    ref = _parse_published(published) or date.today()
    past = [h for h in HALVINGS if date(*h) <= ref] or list(HALVINGS)
    if m := _YEAR.search(text):
        past = [h for h in HALVINGS if h[0] == int(m.group("year"))] or past
    elif m := _MONTH_ONLY.search(text):
        month = MONTHS[m.group("month").lower()]
        past = [h for h in past if h[1] == month] or past
    year, month, _ = past[-1]
    return f"{year}-{month:02d}"

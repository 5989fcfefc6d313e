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

import calendar
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
_END_OR_MIDDLE = re.compile(r"\b(?:end|close|mid)\b|\bmid-", re.I)
_MAY_HEADING = re.compile(
    r"May\s+(?:production|output|revenue|sales|update|figures|data|results|holdings|hashrate|deliveries)\b"
)
_RELATIVE = re.compile(r"\b(?P<which>last|this|next)\s+(?P<unit>week|month|year)\b", re.I)
_DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"\b", re.I)  # "3 June"
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_AGO = re.compile(
    r"\b(?P<n>\d+|an?|one|two|three|four|five|six)\s+(?P<unit>day|week|fortnight|month|year)s?\s+ago\b", re.I
)
_WEEKEND = re.compile(r"\b(?:(?P<which>last|this|next)\s+)?weekend\b", re.I)
_EDGE_OF_THE_MONTH = re.compile(
    r"\b(?:(?:start|beginning|end|close)\s+of|(?:earlier|later)\s+in)\s+the\s+month\b", re.I
)
_NEXT_WEEKDAY = re.compile(r"\b(?P<which>next|last)\s+(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE_QUARTER = re.compile(r"\b(?P<which>last|this|next)\s+quarter\b", re.I)
_HALF = re.compile(r"\b(?:first|second)\s+half\b", re.I)
SEASONS = {"spring": 4, "summer": 7, "fall": 10, "autumn": 10, "winter": 1}
_SEASON = re.compile(r"\b(?:(?P<which>last|this|next)\s+)?(?P<season>spring|summer|fall|autumn|winter)\b", re.I)


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
    if m := _MONTH_DAY.search(text) or _DAY_MONTH.search(text):  # "November 18", "3 June": the latest such day
        month, day = MONTHS[m.group("month").lower()], int(m.group("day"))
        year = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
        return f"{year}-{month:02d}-{day:02d}"
    if m := _AGO.search(text):  # "two weeks ago": a day, or the month of a week, or a month, or a year
        n, unit = _NUMBERS.get(m.group("n").lower()) or int(m.group("n")), m.group("unit").lower()
        if unit in ("day", "week", "fortnight"):
            day = ref - timedelta(days=n * {"day": 1, "week": 7, "fortnight": 14}[unit])
            return day.isoformat() if unit == "day" else day.isoformat()[:7]
        index = ref.year * 12 + ref.month - 1 - (n if unit == "month" else 12 * n)
        return f"{index // 12}-{index % 12 + 1:02d}" if unit == "month" else str(index // 12)
    if m := _NEXT_WEEKDAY.search(text):  # "next Monday": the Monday of the next week
        weekday = WEEKDAYS.index(m.group("weekday").lower())
        if m.group("which").lower() == "next":
            return (ref + timedelta(days=(weekday - ref.weekday()) % 7 or 7)).isoformat()
        return (ref - timedelta(days=(ref.weekday() - weekday) % 7 or 7)).isoformat()
    if m := _RELATIVE_QUARTER.search(text):  # "next quarter": its year
        step = {"last": -1, "this": 0, "next": 1}[m.group("which").lower()]
        index = ref.year * 4 + (ref.month - 1) // 3 + step
        return str(index // 4)
    if _HALF.search(text):  # "in the second half": of the year it is said in
        return str(ref.year)
    if m := _SEASON.search(text):  # "last summer": the latest one begun; "this fall", "next spring"
        month, which = SEASONS[m.group("season").lower()], (m.group("which") or "").lower()
        begun = month <= ref.month
        shift = {"last": 0 if begun else -1, "next": 1 if begun else 0}.get(which, 0)
        return str(ref.year + shift)
    days_off = r"\b(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|yesterday|today|tomorrow)\b"
    if m := re.search(days_off, text, re.I):
        said = m.group(0).lower()
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}.get(said, 2 if said.endswith("tomorrow") else -2)
        return (ref + timedelta(days=shift)).isoformat()
    if m := _WEEKEND.search(text):  # "over the weekend": the month of the latest one, "next weekend" the next
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
        return (saturday + timedelta(days=7 if (m.group("which") or "").lower() == "next" else 0)).isoformat()[:7]
    if m := _WEEKDAY.search(text):  # "on Monday": the latest Monday on or before publication
        back = (ref.weekday() - WEEKDAYS.index(m.group("weekday").lower())) % 7
        return (ref - timedelta(days=back)).isoformat()
    if m := _RELATIVE.search(text):
        step = {"last": -1, "this": 0, "next": 1}[m.group("which").lower()]
        if m.group("unit").lower() == "year":
            return str(ref.year + step)
        if m.group("unit").lower() == "week":  # a week is as precise as its month
            return (ref + timedelta(days=7 * step)).isoformat()[:7]
        index = ref.year * 12 + ref.month - 1 + step
        return f"{index // 12}-{index % 12 + 1:02d}"
    if m := _MONTH_ONLY.search(text):
        lead = re.sub(r"^(?:(?:in|by|from|until)\s+)?(?:(?:late|early|mid)[-\s]+)?", "", text.strip().lower())
        if m.group("month").lower() == "may" and not lead.startswith("may"):
            return None  # "may" is far more often the modal verb
        month = MONTHS[m.group("month").lower()]
        if lead.startswith("last ") and month == ref.month:  # "last August", said in August: a year ago
            return f"{ref.year - 1}-{month:02d}"
        return _month_before(month, ref)
    return None


def ago_in(sentence: str, published: str | None) -> str | None:
    """The date of an "N weeks ago" anywhere in a sentence, for the phrases the NER does not mark as dates.

    >>> ago_in("CleanSpark trimmed 15% of its workforce a fortnight ago.", "2025-06-10")
    '2025-05'
    """
    m = _AGO.search(sentence)
    return resolve_date(m.group(0), published) if m else None


def move_date(text: str, published: str | None, planned: bool = False) -> str | None:
    """The date of a move a time phrase names: a day, a month or a year, as precise as the text allows.

    A quarter or a year's end is its year; the end of a quarter or a month, or the middle of a year,
    is that month; a week is its month. A month or quarter without a year is the latest one by
    publication, or for a ``planned`` move the next one.

    >>> move_date("by the end of the first quarter of 2024", "2023-11-14", planned=True)
    '2024-03'
    >>> move_date("during the first quarter", "2025-05-07"), move_date("by the end of the year", "2024-03-12", True)
    ('2025', '2024')
    >>> move_date("in June", "2025-05-16", planned=True), move_date("this week", "2024-12-12")
    ('2025-06', '2024-12')
    >>> move_date("on July 1", "2025-06-10", planned=True)
    '2025-07-01'
    >>> move_date("the month", "2025-06-04"), move_date("on Monday", "2023-06-27")
    ('2025-05', '2023-06-26')
    >>> move_date("on March 4", "2025-03-10"), move_date("at the end of the year", "2025-01-10")
    ('2025-03-04', '2024')
    >>> move_date("between November 11 and November 17", "2024-11-18")
    '2024-11'
    >>> move_date("between February 16 and March 23", "2023-03-29")
    '2023-03'
    >>> move_date("in the three months ended December 31", "2025-02-27"), move_date("yesterday", "2025-06-10")
    ('2024', '2025-06-09')
    >>> move_date("in the March quarter", "2025-06-10")
    '2025'
    >>> move_date("this Friday", "2025-06-10", planned=True), move_date("over the weekend", "2025-06-10")
    ('2025-06-13', '2025-06')
    >>> move_date("at the start of the month", "2025-06-10"), move_date("at the end of the month", "2025-06-10", True)
    ('2025-06', '2025-06')
    >>> move_date("earlier in the month", "2025-03-31")
    '2025-03'
    """
    named_day_or_month = (_MONTH_ONLY.search(text) or _WEEKDAY.search(text)) and not (
        _QUARTER.search(text)
        or _END_OR_MIDDLE.search(text)
        or _PERIOD_ENDED.search(text)
        or re.search(r"\bquarter\b", text, re.I)  # "the March quarter": a quarter, not March
    )
    if len(days := list(_MONTH_DAY.finditer(text))) > 1 and re.search(r"\bbetween\b", text, re.I):
        # "between November 11 and November 17": the month of the span; "between February 16 and March 23": the
        # month it ends in, when the move is done
        text = text[days[-1].start() : days[-1].end()]
        day = resolve_date(text, published)
        return day[:7] if day else None
    ref = _parse_published(published)
    if ref and _EDGE_OF_THE_MONTH.search(text) and (planned or not re.search(r"\b(?:end|close)\b", text, re.I)):
        return published[:7]  # "at the start of the month", "earlier in the month", a planned end of it: this month
    weekday = _WEEKDAY.search(text)
    day = _MONTH_DAY.search(text) or _DAY_MONTH.search(text)
    if planned and ref and weekday and not day and not re.search(r"\b(?:last|next)\b", text, re.I):
        ahead = (WEEKDAYS.index(weekday.group("weekday").lower()) - ref.weekday()) % 7
        return (ref + timedelta(days=ahead)).isoformat()  # "will sign this Friday": the coming Friday
    if planned and day and ref and not _YEAR.search(text):  # "will step down on July 1": the next July 1
        month, number = MONTHS[day.group("month").lower()], int(day.group("day"))
        year = ref.year if (month, number) >= (ref.month, ref.day) else ref.year + 1
        return f"{year}-{month:02d}-{number:02d}"
    found = find_period(text, published, stock=True, guidance=planned)
    if found is None or (named_day_or_month and not planned):
        return resolve_date(text, published)  # "on March 4", "earlier in March": this month counts
    period, start, end = found
    written = text[start:end]
    unqualified = not (_YEAR.search(written) or re.search(r"\b(?:this|next)\b", written, re.I))
    if not planned and unqualified and published and len(period) == 10 and period > published:
        if period[5:] != "02-29":  # "sold at the end of the year" in January: last year's end
            period = f"{int(period[:4]) - 1}{period[4:]}"
    return period_as_move_date(period, written)


def period_as_move_date(period: str, written: str | None = None) -> str:
    """A metric's period as a move's date: a quarter is its year, a year's end the year, a month's end the month.

    ``written`` is the phrase that named the period: a day it writes out stays a day, and a
    December it names stays a month.

    >>> [period_as_move_date(p) for p in ("2024-12-31", "2025-06-30", "2025-Q3", "2024-08-28", "2023")]
    ['2024', '2025-06', '2025', '2024-08-28', '2023']
    >>> period_as_move_date("2024-12-31", "on December 31, 2024"), period_as_move_date("2024-12-31", "end of December")
    ('2024-12-31', '2024-12')
    """
    if "Q" in period:
        return period[:4]
    if len(period) < 10 or period != last_day(period[:7]):
        return period
    if written and re.search(rf"\b{int(period[8:])}\b", written):
        return period
    named_month = written and (_MONTH_ONLY.search(written) or _QUARTER.search(written) or _MID_YEAR.search(written))
    return period[:7] if named_month or period[5:7] != "12" else period[:4]


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


# --- periods of metric observations ------------------------------------------------------------
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_YEAR_WORD = r"(?P<year>(?:19|20)\d\d)"
_REL_YEAR = r"(?P<rel>this|last|next)\s+year"
_QUARTER = re.compile(
    r"\b(?:(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter|Q(?P<q>[1-4]))"
    r"(?:,?\s+(?:of\s+)?(?:(?:fiscal\s+)?" + _YEAR_WORD + r"|" + _REL_YEAR + r"))?",
    re.I,
)
_THE_QUARTER = re.compile(
    r"\b(?P<which>the|this|last|that|prior|previous|preceding)[\s-]+(?:quarter|period)\b|\bquarter[\s-]end\b", re.I
)
_THE_MONTH = re.compile(r"\b(?P<which>the|this|that|prior|previous)[\s-]+month\b|\bmonth[\s-]end\b", re.I)
_END_OF = re.compile(r"\b(?:end|close)\s+of\s+(?:the\s+)?$", re.I)
_YEAR_END = re.compile(
    r"\byear[\s-]end\b(?:\s+(?:of\s+)?" + _YEAR_WORD + r")?|\b(?P<before>(?:19|20)\d\d)\s+year[\s-]end", re.I
)
_END_OF_YEAR = re.compile(
    r"\bend\s+of\s+(?:(?:fiscal\s+|calendar\s+)?" + _YEAR_WORD + r"|" + _REL_YEAR + r"|the\s+year)", re.I
)
_FISCAL_OR_YEAR = re.compile(r"\b(?:fiscal(?:\s+year)?\s+|FY\s?)?" + _YEAR_WORD + r"\b|\b" + _REL_YEAR + r"\b", re.I)
_HALVING = re.compile(r"\bhalving\b", re.I)
_FISCAL = re.compile(r"\b(?:fiscal(?:\s+year)?|FY)\s?(?:" + _YEAR_WORD + r"|(?P<short>\d\d))\b", re.I)
_PERIOD_ENDED = re.compile(
    r"\b(?P<what>quarter|year|month|three\s+months)\s+ended\s+(?:\d{1,2}\s+)?"
    + _MONTH
    + r"(?:\s+\d{1,2})?(?:,?\s+"
    + _YEAR_WORD
    + r")?",
    re.I,
)
_THE_YEAR = re.compile(
    r"\b(?:for|in|during|over)\s+the\s+(?:full\s+|whole\s+|course\s+of\s+the\s+)?year\b|\byear\s+as\s+a\s+whole\b", re.I
)
_FINISHED = re.compile(
    r"\b(?:finished|ended|closed|exited)\s+(?:the\s+(?P<what>year|quarter)|" + _YEAR_WORD + r")\b", re.I
)
_MID_YEAR = re.compile(r"\bmid-?\s?" + _YEAR_WORD + r"\b|\bmid-year\b", re.I)
_MONTH_QUARTER = re.compile(r"\b" + _MONTH + r"\s+quarter\b", re.I)
_FISCAL_BEFORE = re.compile(r"\bfiscal[\s-]+$", re.I)
# day before month, as Australian and British releases write dates: "30 June 2025", "as at 30 June"
_FULL_DAY_FIRST = re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
_AS_OF_DAY_FIRST = re.compile(
    r"\b(?:as\s+(?:of|at)|on|at)\s+(?P<day>\d{1,2})\s+" + _MONTH + r"\b(?!,?\s+(?:19|20)\d\d)", re.I
)
_AS_OF_DAY = re.compile(
    r"\b(?:as\s+(?:of|at)|on|at)\s+" + _MONTH + r"\s+(?P<day>\d{1,2})\b(?!,?\s+(?:19|20)\d\d)", re.I
)


def _quarter_end(year: int, quarter: int) -> str:
    month = quarter * 3
    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def last_day(period: str) -> str:
    """The last day of a period: ``2024``, ``2024-Q3``, ``2024-02`` or a day.

    >>> [last_day(p) for p in ("2024", "2024-Q3", "2024-02", "2024-10-31")]
    ['2024-12-31', '2024-09-30', '2024-02-29', '2024-10-31']
    """
    if len(period) == 4:
        return f"{period}-12-31"
    if period[5] == "Q":
        return _quarter_end(int(period[:4]), int(period[6]))
    if len(period) == 7:
        year, month = int(period[:4]), int(period[5:7])
        return f"{period}-{calendar.monthrange(year, month)[1]:02d}"
    return period


def first_day(period: str) -> str:
    """The first day of a period: ``2024``, ``2024-Q3``, ``2024-02`` or a day.

    >>> [first_day(p) for p in ("2024", "2024-Q3", "2024-02", "2024-10-31")]
    ['2024-01-01', '2024-07-01', '2024-02-01', '2024-10-31']
    """
    if len(period) == 4:
        return f"{period}-01-01"
    if period[5] == "Q":
        return f"{period[:4]}-{3 * int(period[6]) - 2:02d}-01"
    return f"{period}-01" if len(period) == 7 else period


def begins_after(text: str, published: str | None) -> bool:
    """Whether the time ``text`` names begins after ``published``: "for delivery in the second quarter of 2024"
    said on 2024-01-03 does; "in 2024" does not.

    >>> begins_after("in the second quarter of 2024", "2024-01-03"), begins_after("in 2024", "2024-01-03")
    (True, False)
    """
    found = find_period(text, published, stock=False) if published else None
    return found is not None and first_day(found[0]) > published


def _year(m: re.Match, ref: date) -> int | None:
    if m.groupdict().get("year"):
        return int(m.group("year"))
    if m.groupdict().get("rel"):
        return ref.year + {"this": 0, "last": -1, "next": 1}[m.group("rel").lower()]
    return None


def _nearest(candidates: list[str], ref: date, forward: bool) -> str:
    """Of periods one year apart, the latest ending on or before ``ref``, or (``forward``) the first ending after it."""
    ends = [(last_day(c), c) for c in candidates]
    if forward:
        return next((c for end, c in ends if end >= ref.isoformat()), candidates[-1])
    return next((c for end, c in reversed(ends) if end <= ref.isoformat()), candidates[0])


def resolve_period(text: str, published: str | None, **context) -> str | None:
    """The period a metric's time phrase names, resolved against ``published`` (YYYY-MM-DD).

    ``context`` is :func:`find_period`'s: ``stock`` (required), ``guidance``, ``quarter``, ``year``.

    A stock "at the end of" a period is dated by its last day; a flow "in" a period is the period.
    A month or quarter without a year is the latest one ended by publication, or for guidance the
    next one. ``quarter`` and ``year`` are the ones the article is about, for "the quarter",
    "quarter-end" and "for the year"; a fiscal year is the calendar year it is named after.

    >>> resolve_period("at the end of October", "2024-11-04", stock=True)
    '2024-10-31'
    >>> resolve_period("in October", "2024-11-04", stock=False)
    '2024-10'
    >>> resolve_period("for the third quarter", "2024-11-12", stock=False)
    '2024-Q3'
    >>> resolve_period("by year-end", "2024-11-04", stock=True, guidance=True)
    '2024-12-31'
    >>> resolve_period("at year-end", "2025-03-04", stock=True)
    '2024-12-31'
    >>> resolve_period("by the end of the first quarter of 2023", "2022-11-02", stock=True, guidance=True)
    '2023-03-31'
    >>> resolve_period("at quarter-end", "2024-11-20", stock=True, quarter="2024-Q3")
    '2024-09-30'
    >>> resolve_period("as of November 18", "2024-11-20", stock=True)
    '2024-11-18'
    >>> resolve_period("in fiscal 2025", None, stock=False)
    '2025'
    >>> resolve_period("last quarter", "2025-05-08", stock=False), resolve_period("soon", "2024-01-01", stock=True)
    ('2025-Q1', None)
    """
    found = find_period(text, published, **context)
    return found[0] if found else None


def find_period(
    text: str,
    published: str | None,
    *,
    stock: bool,
    guidance: bool = False,
    quarter: str | None = None,
    year: str | None = None,
    fiscal_end: int = 12,
) -> tuple[str, int, int] | None:
    """The first time phrase of ``text`` that names a period, as (period, start, end); see :func:`resolve_period`.

    ``fiscal_end`` is the month the company's fiscal year ends: a fiscal quarter is given as the
    calendar quarter it falls in (CleanSpark's fiscal year ends in September).

    >>> find_period("up from $69.2 million in 2023, and fourth-quarter revenue", "2025-03-04", stock=False)
    ('2023', 25, 29)
    >>> find_period("for the fiscal third quarter", "2025-08-07", stock=False, fiscal_end=9)[0]
    '2025-Q2'
    >>> find_period("as at 30 June", "2025-09-04", stock=True)[0]
    '2025-06-30'
    """
    ref = _parse_published(published)

    def end_of(m: re.Match) -> bool:
        return stock and bool(_END_OF.search(text[: m.start()]))

    def fiscal(m):  # "fiscal 2024", "FY24"
        return m.group("year") or f"20{m.group('short')}"

    def ended(m):  # "for the quarter ended September 30"
        month = MONTHS[m.group("month").lower()]
        found = m.group("year") or (ref and _nearest([f"{ref.year + k}-{month:02d}" for k in (-1, 0)], ref, False)[:4])
        if not found:
            return None
        what = m.group("what").lower()
        if what == "year":
            return found
        if what == "month":
            return f"{found}-{month:02d}"
        return f"{found}-Q{(month - 1) // 3 + 1}"  # the quarter, or three months, ended then

    def the_year(m):  # the article's year, else the last full year before publication
        return year or (str(ref.year - 1) if ref else None)

    def finished(m):  # "we finished the year at 5.5 EH/s": the end of the last year or quarter
        if m.group("year"):
            return f"{m.group('year')}-12-31"
        if ref is None:
            return None
        if m.group("what").lower() == "year":
            return f"{year or ref.year - 1}-12-31"
        index = (ref.year * 12 + ref.month - 1) // 3 - 1
        return last_day(quarter or f"{index // 4}-Q{index % 4 + 1}")

    def mid_year(m):  # "by mid-2025": a stock at the end of June
        named = m.group("year") or (ref and (ref.year if ref.month <= 6 else ref.year + 1))
        return f"{named}-06-30" if named and stock and guidance else None

    def month_quarter(m):  # "the March quarter": the calendar quarter ending then
        month = MONTHS[m.group("month").lower()]
        if ref is None:
            return None
        period = _nearest([f"{ref.year + k}-Q{(month - 1) // 3 + 1}" for k in (-1, 0, 1)], ref, guidance)
        return last_day(period) if end_of(m) else period

    def iso(m):
        return m.group(0)

    def full(m):
        return f"{m.group('year')}-{MONTHS[m.group('month').lower()]:02d}-{int(m.group('day')):02d}"

    def as_of_day(m):
        if ref is None:
            return None
        month, day = MONTHS[m.group("month").lower()], int(m.group("day"))
        in_year = ref.year if (month, day) <= (ref.month, ref.day) or guidance else ref.year - 1
        return f"{in_year}-{month:02d}-{day:02d}"

    def a_quarter(m):
        number = int(m.group("q") or _ORDINALS[m.group("ord").lower()])
        named = _year(m, ref) if ref else (int(m.group("year")) if m.group("year") else None)
        if fiscal_end != 12 and (_FISCAL_BEFORE.search(text[: m.start()]) or "fiscal" in m.group(0).lower()):
            return fiscal_quarter(number, named if m.group("year") or m.group("rel") else None, m)
        if named is None and ref is None:
            return None
        period = (
            f"{named}-Q{number}"
            if named
            else _nearest([f"{ref.year + k}-Q{number}" for k in (-1, 0, 1)], ref, guidance)
        )
        return last_day(period) if end_of(m) else period

    def fiscal_quarter(number: int, fiscal_year: int | None, m: re.Match) -> str | None:
        """The calendar quarter fiscal quarter ``number`` falls in: the named fiscal year's, else the nearest."""
        back = 3 * (4 - number)  # months from the quarter's end to the fiscal year's end
        if fiscal_year:
            index = fiscal_year * 12 + fiscal_end - 1 - back
        elif ref is not None:
            ends = [(ref.year + k) * 12 + fiscal_end - 1 - back for k in (-1, 0, 1, 2)]
            past = [e for e in ends if e < ref.year * 12 + ref.month - 1]
            index = (
                min((e for e in ends if e >= ref.year * 12 + ref.month - 1), default=ends[-1]) if guidance else past[-1]
            )
        else:
            return None
        period = f"{index // 12}-Q{index % 12 // 3 + 1}"
        return last_day(period) if end_of(m) else period

    def the_quarter(m):
        which = (m.group("which") or "").lower()
        if which in ("prior", "previous", "preceding") and quarter is not None:  # before the article's quarter
            index = int(quarter[:4]) * 4 + int(quarter[6]) - 2
            period = f"{index // 4}-Q{index % 4 + 1}"
        elif which in ("last", "prior", "previous", "preceding") and ref is not None:
            index = (ref.year * 12 + ref.month - 1) // 3 - 1
            period = f"{index // 4}-Q{index % 4 + 1}"
        elif quarter is not None:
            period = quarter
        elif ref is not None:
            index = (ref.year * 12 + ref.month - 1) // 3 - (0 if guidance else 1)
            period = f"{index // 4}-Q{index % 4 + 1}"
        else:
            return None
        return last_day(period) if stock and ("end" in m.group(0).lower() or end_of(m)) else period

    def the_month(m):  # "in the month": the month before publication (monthly updates come early in the next)
        if ref is None:
            return None
        which = (m.group("which") or "").lower()
        back = {"this": 0, "prior": 2, "previous": 2}.get(which, 1)
        index = ref.year * 12 + ref.month - 1 - back
        period = f"{index // 12}-{index % 12 + 1:02d}"
        return last_day(period) if stock and ("end" in m.group(0).lower() or end_of(m)) else period

    def end_of_year(m):
        named = _year(m, ref) if ref else (int(m.group("year")) if m.group("year") else None)
        named = named or (ref.year if ref else None)
        return f"{named}-12-31" if named else None

    def year_end(m):
        if m.group("year") or m.group("before"):
            return f"{m.group('year') or m.group('before')}-12-31"
        return _nearest([f"{ref.year + k}" for k in (-1, 0, 1)], ref, guidance) + "-12-31" if ref else None

    def month_year(m):
        period = f"{m.group('year')}-{MONTHS[m.group('month').lower()]:02d}"
        return last_day(period) if end_of(m) else period

    def month_only(m):
        if ref is None:
            return None
        if m.group("month").lower() == "may" and not (
            re.search(r"\b(?:in|of|end of|for)\s+may\b", text, re.I) or _MAY_HEADING.match(text, m.start())
        ):
            return None  # "may" is far more often the modal verb; "May production" is the month
        month = MONTHS[m.group("month").lower()]
        period = _nearest([f"{ref.year + k}-{month:02d}" for k in (-1, 0, 1)], ref, guidance)
        return last_day(period) if end_of(m) else period

    def relative_month(m):
        if ref is None or m.group("unit").lower() != "month":
            return None
        index = ref.year * 12 + ref.month - 1 + {"last": -1, "this": 0, "next": 1}[m.group("which").lower()]
        period = f"{index // 12}-{index % 12 + 1:02d}"
        return last_day(period) if end_of(m) else period

    def halving(m):
        if not guidance:
            return None
        return halving_date(text, published) if ref is None else _next_halving(text, ref)

    def a_year(m):
        named = _year(m, ref) if ref or m.group("year") else None
        return str(named) if named else None

    rules = [  # earlier rules win when two phrases start at the same place
        (_FISCAL, fiscal),
        (_PERIOD_ENDED, ended),
        (_THE_YEAR, the_year),
        (_FINISHED, finished),
        (_MONTH_QUARTER, month_quarter),
        (_MID_YEAR, mid_year),
        (_ISO, iso),
        (_FULL, full),
        (_FULL_DAY_FIRST, full),
        (_AS_OF_DAY, as_of_day),
        (_AS_OF_DAY_FIRST, as_of_day),
        (_QUARTER, a_quarter),
        (_THE_QUARTER, the_quarter),
        (_THE_MONTH, the_month),
        (_END_OF_YEAR, end_of_year),
        (_YEAR_END, year_end),
        (_MONTH_YEAR, month_year),
        (_MONTH_ONLY, month_only),
        (_RELATIVE, relative_month),
        (_HALVING, halving),
        (_FISCAL_OR_YEAR, a_year),
    ]
    matches = sorted(
        ((m.start(), n, m, rule) for n, (pattern, rule) in enumerate(rules) for m in pattern.finditer(text)),
        key=lambda item: item[:2],
    )
    for _start, _n, m, rule in matches:
        if period := rule(m):
            return period, m.start(), m.end()
    return None


def _next_halving(text: str, ref: date) -> str:
    """``YYYY-MM`` of the first halving after ``ref`` (the next one: about four years after the last)."""
    upcoming = [h for h in HALVINGS if date(*h) > ref]
    if upcoming:
        year, month, _ = upcoming[0]
        return f"{year}-{month:02d}"
    return halving_date(text, ref.isoformat())


# a two-digit year only after "-" or "'": "Sep 30" is a day, "Sep-25" a month
_COLUMN_MONTH = re.compile(_MONTH + r"(?:\s*[-']\s*(?P<short>\d{2})|[\s'-]*(?P<year>\d{4}))", re.I)
_COLUMN_QUARTER = re.compile(r"(?:Q(?P<q1>[1-4])|(?P<q2>[1-4])Q)[\s'-]*(?:FY|CY)?[\s'-]*(?P<year>\d{4}|\d{2})", re.I)
_COLUMN_YEAR = re.compile(r"(?:FY|CY|fiscal\s+)?[\s'-]*(?P<year>(?:19|20)\d\d)", re.I)


def column_period(cell: str) -> str | None:
    """The period a table's column heading names, or None: ``Oct-25``, ``Sep 2025``, ``Q3 2025``, ``3Q25``, ``FY2024``.

    >>> [column_period(c) for c in ("Oct-25", " Sept 2025 ", "Q3 2025", "3Q25", "FY2024", "Metric", "Sep 30")]
    ['2025-10', '2025-09', '2025-Q3', '2025-Q3', '2024', None, None]
    """
    cell = cell.strip()

    def year(m: re.Match) -> int:
        written = m.groupdict().get("short") or m.group("year")
        return int(written) + (2000 if len(written) == 2 else 0)

    if m := _COLUMN_MONTH.fullmatch(cell):
        return f"{year(m)}-{MONTHS[m.group('month').lower()]:02d}"
    if m := _COLUMN_QUARTER.fullmatch(cell):
        return f"{year(m)}-Q{m.group('q1') or m.group('q2')}"
    if m := _COLUMN_YEAR.fullmatch(cell):
        return str(year(m))
    return None

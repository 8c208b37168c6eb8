"""Call metadata checked once, as it is read: dates are dates, counts are counts.

A value that fails its check is dropped and a note says why; the rules that need
it are then skipped for that call, never run on a guess. The values that only
excuse or add (`ended_by`, `partial`: a recording without its opening or
closing; `company_aliases`: other names of the company) are dropped the same
way, and the call is then judged as it is without them.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from ..model import Call

DIRECTIONS = ("inbound", "outbound")
TEXT_KEYS = ("call_id", "agent", "client", "company")
# How the call ended, and which part of it the recording misses (formats.md):
# a call dropped or transferred has no closing; a recording cut has no opening or closing.
ENDED_BY = ("agent", "client", "dropped", "transfer")
PARTIAL = ("start", "end", "both")
WHOLE = ("none", "no", "false")  # `partial` values of a recording that misses nothing
# What a call's numbers may be: a value beyond these is a mistake in the data, never a call.
MAX_RINGS = 1000
MAX_ANSWER_DELAY = 24 * 60 * 60  # seconds
YEARS = (1900, 2199)  # of started_at


def check(call: Call, options) -> Call:
    meta = {**options.defaults, **{k: v for k, v in call.metadata.items() if v not in (None, "")}}
    notes = call.notes

    def drop(key: str, why: str) -> None:
        notes.append(f"{key} «{_quoted(meta.pop(key))}» {why}; the checks that need it are skipped")

    if "started_at" in meta:
        started = _datetime(meta["started_at"])
        if started is None:
            drop("started_at", "is not an ISO 8601 date and time")
        elif started.tzinfo is None and options.timezone is None:
            drop("started_at", "has no UTC offset and no time zone is set (--tz or config timezone)")
        else:
            started = _local(started, options.timezone)
            if started is None or not YEARS[0] <= started.year <= YEARS[1]:
                drop("started_at", f"is not a date from {YEARS[0]} to {YEARS[1]}")
            else:
                meta["started_at"] = started
    if "direction" in meta:
        direction = str(meta["direction"]).strip().lower()
        if direction in DIRECTIONS:
            meta["direction"] = direction
        else:
            drop("direction", "is neither inbound nor outbound")
    for key, kind, most in (("rings", int, MAX_RINGS), ("answer_delay", float, MAX_ANSWER_DELAY)):
        if key in meta:
            value = _number(meta[key], kind)
            if value is None:
                drop(key, "is not a number ≥ 0")
            elif isinstance(value, float) and not math.isfinite(value):
                drop(key, "is not a finite number")
            elif value > most:
                drop(key, f"is more than {most:,}, which no call takes")
            else:
                meta[key] = value
    for key in TEXT_KEYS:
        if key in meta:
            meta[key] = str(meta[key]).strip()
    _recording(meta, notes)
    if "company_aliases" in meta:
        aliases = _aliases(meta["company_aliases"], meta.get("company"))
        if aliases is None:
            notes.append(f"company_aliases «{_quoted(meta.pop('company_aliases'))}» is neither a list of names nor a "
                         f"mapping of companies to their names; only the company's own name counts")
        else:
            meta["company_aliases"] = aliases
    call.metadata = meta
    return call


def _quoted(value, limit: int = 60) -> str:
    """A value as a note quotes it: whole if short, else its start."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"an integer of {len(str(abs(value))):,} digits"
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _recording(meta: dict, notes: list[str]) -> None:
    """`ended_by` and `partial`, checked. A bad value is dropped with a note: the
    call is then judged as a whole recording, as it is without them."""
    if meta.get("partial") is False:
        del meta["partial"]
    for key, values, then in (("ended_by", ENDED_BY, "the call's closing is judged"),
                              ("partial", PARTIAL, "the call is judged as recorded whole")):
        if key not in meta:
            continue
        value = str(meta[key]).strip().lower()
        if value in values:
            meta[key] = value
        elif key == "partial" and value in WHOLE:
            del meta[key]
        else:
            notes.append(f"{key} «{_quoted(meta.pop(key))}» is not one of {', '.join(values)}; {then}")


def _aliases(value, company) -> tuple[str, ...] | None:
    """The other names of the call's company: a list (or a text of names separated
    by commas), or a mapping of companies to their lists, read for this company."""
    if isinstance(value, dict):
        wanted = _key(company or "")
        value = next((names for name, names in value.items() if _key(str(name)) == wanted), [])
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        return None
    return tuple(v.strip() for v in value if v.strip())


def _key(name: str) -> str:
    """A company name compared: case, «ё» and everything but letters and digits do not count."""
    return "".join(ch for ch in name.lower().replace("ё", "е") if ch.isalnum())


def _datetime(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _number(value, kind):
    """A count, or an amount of seconds ≥ 0 (maybe infinite: the caller says it is not finite), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and kind is int:
        number = value  # not through text: a long integer cannot make it
    else:
        try:
            number = kind(str(value).strip().replace(",", "."))
        except (ValueError, OverflowError):
            return None
    if isinstance(number, float) and math.isnan(number):
        return None
    return number if number >= 0 else None


def _local(started: datetime, zone) -> datetime | None:
    """The call's start in the local time of where it was taken. A time without an
    offset is in the configured zone; one in UTC (a storage format, «Z») is turned
    into it; any other offset already says the local time (a centre with sites in
    several zones: Novosibirsk's +07:00 is Novosibirsk's own time). None: a time
    at the edge of the calendar (year 1 or 9999) that the zone moves out of it."""
    try:
        if started.tzinfo is None:
            started = started.replace(tzinfo=zone)
            started.utcoffset()  # a zone's offset is looked up here, and can overflow here
            return started
        if zone is not None and started.utcoffset() == timedelta(0):
            return started.astimezone(zone)
    except (OverflowError, ValueError):
        return None
    return started

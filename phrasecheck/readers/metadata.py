"""Call metadata checked once, as it is read: dates are dates, counts are counts.

A value that fails its check is dropped and a note says why; the rules that need
it are then skipped for that call, never run on a guess.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..model import Call

DIRECTIONS = ("inbound", "outbound")
TEXT_KEYS = ("call_id", "agent", "client", "company")


def check(call: Call, options) -> Call:
    meta = {**options.defaults, **{k: v for k, v in call.metadata.items() if v not in (None, "")}}
    notes = call.notes

    def drop(key: str, why: str) -> None:
        notes.append(f"{key} «{meta.pop(key)}» {why}; the checks that need it are skipped")

    if "started_at" in meta:
        started = _datetime(meta["started_at"])
        if started is None:
            drop("started_at", "is not an ISO 8601 date and time")
        elif started.tzinfo is None and options.timezone is None:
            drop("started_at", "has no UTC offset and no time zone is set (--tz or config timezone)")
        else:
            meta["started_at"] = _local(started, options.timezone)
    if "direction" in meta:
        direction = str(meta["direction"]).strip().lower()
        if direction in DIRECTIONS:
            meta["direction"] = direction
        else:
            drop("direction", "is neither inbound nor outbound")
    for key, kind in (("rings", int), ("answer_delay", float)):
        if key in meta:
            value = _number(meta[key], kind)
            if value is None:
                drop(key, "is not a number ≥ 0")
            else:
                meta[key] = value
    for key in TEXT_KEYS:
        if key in meta:
            meta[key] = str(meta[key]).strip()
    call.metadata = meta
    return call


def _datetime(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _number(value, kind):
    if isinstance(value, bool):
        return None
    try:
        number = kind(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return number if number >= 0 else None


def _local(started: datetime, zone) -> datetime:
    """The call's start in the local time of where it was taken. A time without an
    offset is in the configured zone; one in UTC (a storage format, «Z») is turned
    into it; any other offset already says the local time (a centre with sites in
    several zones: Novosibirsk's +07:00 is Novosibirsk's own time)."""
    if started.tzinfo is None:
        return started.replace(tzinfo=zone)
    if zone is not None and started.utcoffset() == timedelta(0):
        return started.astimezone(zone)
    return started

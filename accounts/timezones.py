"""A moment as a person lives it: in their time zone (their profile's), UTC when it is unknown.
The one place the project turns a moment into someone's local time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_time(moment: datetime, time_zone: str | None) -> datetime:
    try:
        zone = ZoneInfo(time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone)


def local_date(moment: datetime, time_zone: str | None) -> date:
    return local_time(moment, time_zone).date()


def spoken(moment: datetime, time_zone: str | None) -> str:
    """ "Tue 5 Mar, 15:00" in the person's time."""
    local = local_time(moment, time_zone)
    return f"{local:%a} {local.day} {local:%b, %H:%M}"

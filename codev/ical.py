"""An iCalendar (RFC 5545) feed of a person's co-development sessions."""

from datetime import UTC, datetime, timedelta

from codev.models import CodevSession, SessionStatus
from roundtable.links import absolute_url


def _escape(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a bare CR would end the line
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF + space, as the RFC asks."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start = [], 0
    while start < len(data):
        size = 75 if start == 0 else 74
        chunk = data[start : start + size]
        while True:
            try:
                parts.append(chunk.decode())
                break
            except UnicodeDecodeError:
                chunk = chunk[:-1]
        start += len(chunk)
    return "\r\n ".join(parts)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_for(*, sessions: list[CodevSession], name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Roundtable//Co-development//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for session in sessions:
        start = session.scheduled_at
        end = start + timedelta(minutes=session.minutes)
        presenter = session.presenter.full_name if session.presenter else "to be decided"
        lines += [
            "BEGIN:VEVENT",
            f"UID:codev-session-{session.id}@roundtable",
            f"SEQUENCE:{session.sequence}",
            f"DTSTAMP:{_stamp(session.updated_at)}",
            f"DTSTART:{_stamp(start)}",
            f"DTEND:{_stamp(end)}",
            f"SUMMARY:{_escape(f'Co-development: {session.team.name} ({presenter} presents)')}",
            f"DESCRIPTION:{_escape(absolute_url('session_detail', session.id))}",
            "STATUS:CANCELLED" if session.status == SessionStatus.CANCELLED else "STATUS:CONFIRMED",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

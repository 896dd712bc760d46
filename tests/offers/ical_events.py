"""Small calendars for the import's tests: a weekly event with its exceptions."""

UID = "treff-1@kalender.example"


def event(
    uid: str = UID,
    title: str = "Krabbeltreff",
    time: str = "093000",
    end: str = "110000",
    rule: str = "FREQ=WEEKLY;BYDAY=TU",
    exdates: tuple[str, ...] = (),
    moved: dict[str, tuple[str, str]] | None = None,
) -> str:
    """A weekly event from Tuesday, 8 September 2026; ``moved``: {day: (day, time)}."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SUMMARY:{title}",
        f"DTSTART;TZID=Europe/Berlin:20260908T{time}",
        f"DTEND;TZID=Europe/Berlin:20260908T{end}",
        f"RRULE:{rule}",
        *[f"EXDATE;TZID=Europe/Berlin:{day}T{time}" for day in exdates],
        "END:VEVENT",
    ]
    for day, (new_day, new_time) in (moved or {}).items():
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"SUMMARY:{title}",
            f"RECURRENCE-ID;TZID=Europe/Berlin:{day}T{time}",
            f"DTSTART;TZID=Europe/Berlin:{new_day}T{new_time}",
            f"DTEND;TZID=Europe/Berlin:{new_day}T{int(new_time) + 10000:06d}",
            "END:VEVENT",
        ]
    return "\r\n".join(lines)


def calendar(*events: str) -> bytes:
    body = "\r\n".join(events or (event(),))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}\r\nEND:VCALENDAR\r\n".encode()

"""Reading KPI values from a CSV file or a JSON body: every row checked, every problem named.

Plain Python over already-loaded lookups (people by email, KPIs by name), so one pass gives
the preview, the list of bad rows with their reasons, and the rows to save.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from coaching.periods import parse_period

COLUMNS = ("email", "kpi", "period", "value")
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Row:
    line: int
    person_id: int
    person: str
    kpi_id: int
    kpi: str
    period_start: date
    value: float


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


@dataclass(frozen=True)
class Lookups:
    people: dict[str, tuple[int, str]]  # email -> (id, name): the people the importer may manage
    kpis: dict[str, tuple[int, str, str]]  # lower-case name -> (id, name, period)
    outside: frozenset[str] = frozenset()  # emails in the organisation the importer may not touch


def read_csv(data: bytes) -> tuple[list[dict], list[tuple[int, str]]]:
    """Records keyed by the expected columns, or the reason the file cannot be read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(0, "The file is not UTF-8 text. Export it from your sheet as “CSV UTF-8”.")]
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")  # old Mac ends
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        return _records(reader)
    except csv.Error as error:
        line = reader.line_num + 1  # the line being read when it failed
        return [], [
            (
                line,
                f"Line {line} cannot be read as CSV ({error}). Check its quotes, or export the "
                f"sheet again as CSV; a value holds at most {csv.field_size_limit():,} characters.",
            )
        ]


def _records(reader: csv.DictReader) -> tuple[list[dict], list[tuple[int, str]]]:
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in headers]
    if missing:
        return [], [
            (
                1,
                f"The first line must name the columns {', '.join(COLUMNS)}; missing: "
                f"{', '.join(missing)}.",
            )
        ]
    records = []
    for record in reader:
        records.append({(k or "").strip().lower(): (v or "").strip() for k, v in record.items()})
        if len(records) > MAX_ROWS:
            return [], [(0, f"Up to {MAX_ROWS:,} rows per file: split it and import each part.")]
    if not records:
        return [], [(2, "There are no rows under the column names.")]
    return records, []


def check(
    records: list[dict],
    *,
    people: dict[str, tuple[int, str]],
    kpis: dict[str, tuple[int, str, str]],
    outside: frozenset[str] = frozenset(),
    first_line: int = 2,
) -> Parsed:
    """Validate records against the organisation's people (email -> id, name) and KPIs
    (lower-case name -> id, name, period)."""
    parsed = Parsed()
    seen: dict[tuple[int, int, date], int] = {}
    for index, record in enumerate(records):
        line = first_line + index
        email = str(record.get("email", "")).strip().lower()
        kpi_name = str(record.get("kpi", "")).strip()
        person = people.get(email)
        kpi = kpis.get(kpi_name.lower())
        problems = []
        if person is None and email in outside:
            problems.append(
                f"{email} is not in a team you manage: their values are not yours to set"
            )
        elif person is None:
            problems.append(f"nobody in the organisation has the email “{email}”")
        if kpi is None:
            problems.append(f"there is no KPI called “{kpi_name}”")
        period_start = None
        if kpi is not None:
            try:
                period_start = parse_period(str(record.get("period", "")), kpi[2])
            except ValueError as error:
                problems.append(str(error).rstrip("."))
        raw = str(record.get("value", "")).replace(",", ".").strip()
        try:
            value = float(raw)
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError
        except ValueError:
            problems.append(f"the value “{record.get('value', '')}” is not a number")
            value = None
        if not problems:
            key = (person[0], kpi[0], period_start)
            if key in seen:
                problems.append(f"the same person, KPI and period as line {seen[key]}")
            else:
                seen[key] = line
        if problems:
            parsed.errors.append((line, "; ".join(problems) + "."))
            continue
        parsed.rows.append(Row(line, person[0], person[1], kpi[0], kpi[1], period_start, value))
    return parsed

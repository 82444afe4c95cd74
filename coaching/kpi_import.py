"""Reading KPI values from a CSV file or a JSON body: every row checked, every problem named.

Plain Python over already-loaded lookups (people by email, KPIs by name), so one pass gives
the preview, the list of bad rows with their reasons, and the rows to save.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from coaching.numbers import read_number
from coaching.periods import parse_period

COLUMNS = ("email", "kpi", "period", "value")
MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024
TOTALS = re.compile(r"^(grand\s+)?(sub)?totals?\b|^sum\b|^overall\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mapping:
    """Which of a file's columns holds what: the person's email and the period, then either a
    KPI column with its value column (one value per row) or a KPI per value column (a report
    with a column per measure)."""

    person: str
    period: str
    kpi: str = ""
    value: str = ""
    columns: tuple[tuple[str, str], ...] = ()  # (value column, lower-case KPI name)

    def to_dict(self) -> dict:
        return {
            "person": self.person,
            "period": self.period,
            "kpi": self.kpi,
            "value": self.value,
            "columns": [list(pair) for pair in self.columns],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Mapping":
        return cls(
            person=data.get("person", ""),
            period=data.get("period", ""),
            kpi=data.get("kpi", ""),
            value=data.get("value", ""),
            columns=tuple((str(h), str(k)) for h, k in data.get("columns", ())),
        )

    def problem(self, headers: list[str]) -> str:
        """Why this mapping does not fit the file's columns, or ""."""
        named = [self.person, self.period, self.kpi, self.value, *(h for h, _ in self.columns)]
        missing = [h for h in named if h and h not in headers]
        if missing:
            return f"The file has no column {', '.join(f'“{h}”' for h in missing)}."
        if not self.person or not self.period:
            return "Choose the column with each person's email and the column with the period."
        if not ((self.kpi and self.value) or self.columns):
            return "Choose the KPI and value columns, or a KPI for at least one column."
        return ""


PLAIN = Mapping(person="email", period="period", kpi="kpi", value="value")


@dataclass(frozen=True)
class Preset:
    """A known export: the columns it has, and the KPI each measure column usually feeds
    (by name; the importer confirms it against the organisation's KPIs)."""

    key: str
    name: str
    mapping: Mapping

    def fits(self, headers: list[str]) -> bool:
        return not self.mapping.problem(headers)


PRESETS = (
    Preset("plain", "Roundtable CSV (email, kpi, period, value)", PLAIN),
    Preset(
        "salesforce",
        "Salesforce report (summary by owner and close month)",
        Mapping(
            person="Opportunity Owner: Email",
            period="Close Month",
            columns=(("Sum of Amount", "revenue"), ("Record Count", "deals won")),
        ),
    ),
    Preset(
        "hubspot",
        "HubSpot report export (deal owner and month)",
        Mapping(
            person="Deal owner email",
            period="Close date (Month)",
            columns=(("Sum of Amount", "revenue"), ("Count of Deals", "deals won")),
        ),
    ),
)


def guess(headers: list[str], kpi_names: list[str]) -> Mapping:
    """A first mapping for a file no kept layout fits, from its column names: the email
    column, the period (or month, or date) column, and each column named like a KPI. The
    importer checks it and changes what is wrong before anything is imported."""
    lower = {h: h.strip().lower() for h in headers}

    def first(*words: str) -> str:
        return next((h for h in headers if any(w in lower[h] for w in words)), "")

    kpis = {name.strip().lower() for name in kpi_names}
    columns = tuple((h, lower[h]) for h in headers if lower[h] in kpis)
    kpi_column = next((h for h in headers if lower[h] == "kpi"), "")
    value_column = next((h for h in headers if lower[h] == "value"), "")
    return Mapping(
        person=first("email", "e-mail"),
        period=first("period", "month", "date"),
        kpi=kpi_column if not columns else "",
        value=value_column if not columns else "",
        columns=columns,
    )


@dataclass(frozen=True)
class Row:
    line: int
    person_id: int
    person: str
    kpi_id: int
    kpi: str
    period_start: date
    value: float


@dataclass(frozen=True)
class Rejected:
    line: int
    cells: dict
    reason: str
    blocking: bool = True  # a real problem; totals, footers and blank values are left out


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[tuple[int, str]]:
        """The problems that stop an all-or-nothing import: (line, reason)."""
        return [(r.line, r.reason) for r in self.rejected if r.blocking]

    @property
    def left_out(self) -> list[Rejected]:
        return [r for r in self.rejected if not r.blocking]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


@dataclass(frozen=True)
class Lookups:
    people: dict[str, tuple[int, str]]  # email -> (id, name): the people the importer may manage
    kpis: dict[str, tuple[int, str, str]]  # lower-case name -> (id, name, period)
    outside: frozenset[str] = frozenset()  # emails in the organisation the importer may not touch
    number_format: str = "1,234.5"
    day_first: bool = False


def read_table(data: bytes) -> tuple[list[str], list[dict], list[tuple[int, str]]]:
    """The file's column names and its rows (each with its line number under "_line"), or the
    reason it cannot be read. A byte-order mark, ; or tab separators and old line ends are
    fine; the limits are said."""
    if len(data) > MAX_BYTES:
        return [], [], [(0, f"The file is over {MAX_BYTES // (1024 * 1024)} MB: split it.")]
    text = decode_text(data)
    if text is None:
        return (
            [],
            [],
            [(0, "The file is not readable text. Export it from your sheet as “CSV UTF-8”.")],
        )
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        headers = [h.strip() for h in next(reader, [])]
        rows = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # an empty line
            record = {
                h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(headers)
            }
            record["_line"] = reader.line_num
            rows.append(record)
            if len(rows) > MAX_ROWS:
                return [], [], [(0, f"Up to {MAX_ROWS:,} rows per file: split it.")]
    except csv.Error as error:
        line = max(reader.line_num, 1)  # the line being read when it failed
        return (
            [],
            [],
            [
                (
                    line,
                    f"Line {line} cannot be read as CSV ({error}). Check its quotes, or export "
                    f"the sheet again as CSV; a value holds at most "
                    f"{csv.field_size_limit():,} characters.",
                )
            ],
        )
    if not [h for h in headers if h]:
        return [], [], [(1, "The first line must name the columns.")]
    if not rows:
        return headers, [], [(2, "There are no rows under the column names.")]
    return headers, rows, []


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without its mark), UTF-16 with its mark (Excel's "Unicode text"), else
    Windows-1252 (Excel's plain "CSV" on Windows)."""
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_csv(data: bytes) -> tuple[list[dict], list[tuple[int, str]]]:
    """The plain format's records (email, kpi, period, value), for callers that know it."""
    headers, rows, problems = read_table(data)
    if problems:
        return [], problems
    if PLAIN.problem([h.lower() for h in headers]):
        return [], [(1, f"The first line must name the columns {', '.join(COLUMNS)}.")]
    return [{k.lower() if k != "_line" else k: v for k, v in r.items()} for r in rows], []


def check(
    records: list[dict],
    *,
    people: dict[str, tuple[int, str]],
    kpis: dict[str, tuple[int, str, str]],
    outside: frozenset[str] = frozenset(),
    first_line: int = 2,
    mapping: Mapping = PLAIN,
    number_format: str = "1,234.5",
    day_first: bool = False,
) -> Parsed:
    """Validate records against the organisation's people (email -> id, name) and KPIs
    (lower-case name -> id, name, period), read through `mapping`, numbers in the
    organisation's format. A totals row, the export's footer and a blank value are left out,
    each with its own message; every other problem is named with its line."""
    parsed = Parsed()
    seen: dict[tuple[int, int, date], int] = {}
    for index, record in enumerate(records):
        line = record.get("_line", first_line + index)
        cells = {k: v for k, v in record.items() if k != "_line"}
        email = str(record.get(mapping.person, "")).strip()
        first = str(next(iter(cells.values()), "")).strip() if cells else ""
        filled = [v for v in cells.values() if str(v).strip()]
        if TOTALS.match(email) or (not email and TOTALS.match(first)):
            parsed.rejected.append(Rejected(line, cells, "a totals row: left out", False))
            continue
        if not email and len(filled) <= 1:
            parsed.rejected.append(
                Rejected(line, cells, "not a data row (the export's notes): left out", False)
            )
            continue
        if mapping.columns:
            measures = [(header, name, record.get(header, "")) for header, name in mapping.columns]
        else:
            measures = [
                (
                    mapping.value,
                    str(record.get(mapping.kpi, "")).strip().lower(),
                    record.get(mapping.value, ""),
                )
            ]
        person = people.get(email.lower())
        common = []
        if person is None and email.lower() in outside:
            common.append(f"{email} is not in a team you manage: their values are not yours to set")
        elif person is None and not email:
            common.append(f"no email in “{mapping.person}”")
        elif person is None:
            common.append(f"nobody in the organisation has the email “{email}”")
        if common:  # about the person: said once for the whole line
            parsed.rejected.append(Rejected(line, cells, "; ".join(common) + "."))
            continue
        for header, kpi_name, raw in measures:
            kpi = kpis.get(kpi_name)
            problems = list(common)
            if kpi is None:
                shown = record.get(mapping.kpi, kpi_name) if not mapping.columns else kpi_name
                problems.append(f"there is no KPI called “{shown}”")
            if isinstance(raw, bool):
                raw = ""
            if isinstance(raw, int | float) and raw == raw and abs(raw) != float("inf"):
                value: float | None = float(raw)
                reading = None
            else:
                reading = read_number(str(raw), number_format)
                value = reading.value
            if reading is not None and reading.problem == "no value" and not problems:
                parsed.rejected.append(
                    Rejected(
                        line, cells, f"no value for {kpi[1]}: left out, nothing changes", False
                    )
                )
                continue
            if value is None:
                problems.append(reading.problem if reading else "the value is not a number")
            elif value < 0:
                problems.append(f"{raw} is below zero: a count or an amount never is")
            period_start = None
            if kpi is not None:
                try:
                    period_start = parse_period(
                        str(record.get(mapping.period, "")), kpi[2], day_first=day_first
                    )
                except ValueError as error:
                    problems.append(str(error).rstrip("."))
            if not problems:
                key = (person[0], kpi[0], period_start)
                if key in seen:
                    problems.append(f"the same person, KPI and period as line {seen[key]}")
                else:
                    seen[key] = line
            if problems:
                where = f" ({header})" if mapping.columns else ""
                parsed.rejected.append(Rejected(line, cells, "; ".join(problems) + where + "."))
                continue
            parsed.rows.append(Row(line, person[0], person[1], kpi[0], kpi[1], period_start, value))
    return parsed

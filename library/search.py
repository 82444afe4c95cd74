"""Full-text search over clip titles, tags and transcripts: one contract, two engines.

SQLite: an FTS5 table with the porter tokenizer, ranked by bm25. PostgreSQL: a weighted
tsvector with a GIN index, ranked by ts_rank. Both give (clip id, rank, snippet) for the
same query, best first; the snippet marks matches with [ and ].
"""

import re
from dataclasses import dataclass

from django.db import connection

from library.models import ClipState

TOKEN = re.compile(r"[\w']+", re.UNICODE)
# PostgreSQL's english configuration ignores these (Snowball's list); SQLite's FTS5 does not, so
# they are dropped here for both engines to answer the same.
STOPWORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now""".split()  # noqa: SIM905
)

# `scope` holds one token per clip, its organisation ("o12"): every query names it, so FTS5
# intersects with the organisation's clips before ranking, and one organisation's 50,000
# matches are never scored for another's search.
SQLITE_SCHEMA = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS library_clip_fts USING fts5("
    "title, tags, transcript, scope, tokenize='porter unicode61')",
    # Title counts most, then tags, then speech; the scope token counts for nothing.
    "INSERT INTO library_clip_fts(library_clip_fts, rank) "
    "VALUES('rank', 'bm25(5.0, 3.0, 1.0, 0.0)')",
]
# No foreign key to library_clip: hits are always joined to the clips the person may see, so a
# row left behind is harmless, and Django can truncate its own tables freely.
# Only the vector is stored, and inline (STORAGE MAIN): with the source text beside it a row
# passed 2 KB and the vector went to TOAST, so ranking 8,000 matches meant 8,000 detoasts
# (320 ms against 20 ms; bench/README.md). The GIN index skips its pending list so a search
# never scans unmerged entries.
POSTGRES_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS library_clip_fts (
        clip_id bigint PRIMARY KEY,
        vector tsvector NOT NULL)""",
    "ALTER TABLE library_clip_fts ALTER COLUMN vector SET STORAGE MAIN",
    "CREATE INDEX IF NOT EXISTS library_clip_fts_vector ON library_clip_fts "
    "USING gin(vector) WITH (fastupdate = off)",
]
# The vector also holds one lexeme for the clip's organisation ("~o12": no typed word can make
# it, the parser never yields "~"), and every search names it, so the GIN index intersects
# with the organisation's clips before a row is read: the planner cannot misjudge how many
# rows a prefix query matches (it guessed 40 for 32,400 and read them all; bench/README.md).
POSTGRES_UPSERT = (
    "INSERT INTO library_clip_fts (clip_id, vector) VALUES (%s, "
    "setweight(to_tsvector('english', %s), 'A') || setweight(to_tsvector('english', %s), 'B') "
    "|| setweight(to_tsvector('english', %s), 'C') || %s::tsvector) "
    "ON CONFLICT (clip_id) DO UPDATE SET vector = EXCLUDED.vector"
)


def _scope(organisation_id: int) -> str:
    """The token naming a clip's organisation in the search table (a FTS5 word on SQLite, a
    tsvector lexeme on PostgreSQL)."""
    return f"o{int(organisation_id)}"


def create_schema(schema_editor=None) -> None:
    statements = POSTGRES_SCHEMA if connection.vendor == "postgresql" else SQLITE_SCHEMA
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def rebuild(apps) -> None:
    """Drop, create and refill the search table from the clips and transcripts (migrations
    pass their historical `apps`): the table is derived data."""
    drop_schema()
    create_schema()
    Clip = apps.get_model("library", "Clip")
    Transcript = apps.get_model("library", "Transcript")
    texts = dict(Transcript.objects.values_list("clip_id", "text"))
    clips = Clip.objects.filter(state=ClipState.READY).only(
        "id", "organisation_id", "title", "tags"
    )
    index_clips([(c.id, c.organisation_id, c.title, c.tags, texts.get(c.id, "")) for c in clips])


def drop_schema(schema_editor=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS library_clip_fts")


def terms(query: str) -> list[str]:
    found = [t.lower().strip("'") for t in TOKEN.findall(query)]
    return [t for t in found if t and t not in STOPWORDS and (len(t) > 1 or t.isdigit())][:12]


def index_clip(
    *, clip_id: int, organisation_id: int, title: str, tags: list[str], transcript: str
) -> None:
    index_clips([(clip_id, organisation_id, title, tags, transcript)])


def index_clips(rows: list[tuple[int, int, str, list[str], str]]) -> None:
    """(Re)index clips given as (clip id, organisation id, title, tags, transcript text)."""
    values = [
        (clip_id, organisation_id, title, " ".join(tags), text)
        for clip_id, organisation_id, title, tags, text in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                POSTGRES_UPSERT, [(v[0], *v[2:], f"'~{_scope(v[1])}'") for v in values]
            )
        else:
            cursor.executemany(
                "DELETE FROM library_clip_fts WHERE rowid = %s", [(v[0],) for v in values]
            )
            cursor.executemany(
                "INSERT INTO library_clip_fts (rowid, scope, title, tags, transcript) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(v[0], _scope(v[1]), *v[2:]) for v in values],
            )


def unindex_clip(*, clip_id: int) -> None:
    """Remove a clip from the search table (the clip is deleted)."""
    column = "clip_id" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM library_clip_fts WHERE {column} = %s", [clip_id])  # noqa: S608


@dataclass(frozen=True)
class Hit:
    clip_id: int
    rank: float  # lower is better


def search(query: str, *, organisation_id: int, within, limit: int = 60) -> list[Hit]:
    """The best matching clips among `within` (a queryset of the clips the person may see, with
    their filters), best first. Every word must match (stems and prefixes count).

    The permitted clips are part of the same SQL as the match, before the ranking and the
    LIMIT: another organisation's better matches never take the places of yours."""
    words = terms(query)
    if not words:
        return []
    # Django's own SQL for the queryset, with its parameters kept apart: nothing typed is in it.
    allowed, allowed_params = within.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tsquery = " & ".join(f"{w}:*" for w in words if w.replace("'", "").isalnum())
            if not tsquery:
                return []
            # Matched with the organisation's lexeme, ranked on the typed words alone.
            sql = (
                "SELECT clip_id, -ts_rank(vector, to_tsquery('english', %s)) AS rank "  # noqa: S608
                "FROM library_clip_fts "
                "WHERE vector @@ (to_tsquery('english', %s) && %s::tsquery) "
                f"AND clip_id IN ({allowed}) ORDER BY rank LIMIT %s"
            )
            scope = f"'~{_scope(organisation_id)}'"
            cursor.execute(sql, [tsquery, tsquery, scope, *allowed_params, limit])
        else:
            match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
            # The organisation's matches first (its scope token in the MATCH, so FTS5 never
            # scores another organisation's), materialised, then joined to the clips this
            # person may see: a rowid constraint on FTS5 would run the MATCH once per clip.
            match = f'scope:"{_scope(organisation_id)}" AND {{title tags transcript}}: ({match})'
            sql = (
                "WITH hits AS MATERIALIZED (SELECT rowid AS id, rank "  # noqa: S608 - `allowed`
                "FROM library_clip_fts WHERE library_clip_fts MATCH %s) "
                f"SELECT hits.id, hits.rank FROM hits JOIN ({allowed}) a ON a.id = hits.id "
                "ORDER BY hits.rank LIMIT %s"
            )
            cursor.execute(sql, [match, *allowed_params, limit])
        return [Hit(int(row[0]), float(row[1])) for row in cursor.fetchall()]


def _matches(text: str, wanted: list[str]) -> bool:
    text = text.strip(".,!?;:\"'").lower()
    return bool(text) and any(
        text.startswith(w) or (w.startswith(text) and len(text) > 3) for w in wanted
    )


def moment_of(words: list[dict], query: str) -> float | None:
    """When the first matching word is spoken, to start the player there."""
    wanted = terms(query)
    for word in words:
        if _matches(word["text"], wanted):
            return float(word["start"])
    return None


def snippet_of(words: list[dict], query: str, *, around: int = 7) -> str:
    """A few words either side of the first spoken match, matches marked with [ and ]."""
    wanted = terms(query)
    for index, word in enumerate(words):
        if _matches(word["text"], wanted):
            window = words[max(0, index - around) : index + around + 1]
            text = " ".join(
                f"[{w['text']}]" if _matches(w["text"], wanted) else w["text"] for w in window
            )
            return (
                ("…" if index > around else "")
                + text
                + ("…" if index + around + 1 < len(words) else "")
            )
    return ""

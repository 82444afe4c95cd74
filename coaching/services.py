"""Every write about KPIs, targets and values."""

import secrets

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Organisation, Team, User
from coaching import kpi_import
from coaching.models import ApiToken, Kpi, KpiTarget, KpiValue
from coaching.periods import parse_period
from roundtable.errors import RoundtableError


def kpi_save(*, organisation: Organisation, kpi: Kpi | None = None, **values) -> Kpi:
    name = " ".join(values.get("name", "").split())
    if not name:
        raise RoundtableError("Name the KPI.", field="name")
    clash = Kpi.objects.filter(organisation=organisation, name__iexact=name)
    if kpi is not None:
        clash = clash.exclude(id=kpi.id)
    if clash.exists():
        raise RoundtableError(f"There is already a KPI called “{name}”.", field="name")
    kpi = kpi or Kpi(organisation=organisation)
    kpi.name = name
    for key in ("unit", "period", "direction", "kind", "combine"):
        setattr(kpi, key, values[key])
    kpi.save()
    return kpi


def target_set(
    *, kpi: Kpi, period: str, value: float, person: User | None = None, team: Team | None = None
) -> KpiTarget:
    if (person is None) == (team is None):
        raise RoundtableError("A target is for one rep or one team.")
    try:
        start = parse_period(period, kpi.period)
    except ValueError as error:
        raise RoundtableError(str(error), field="period") from error
    target, _ = KpiTarget.objects.update_or_create(
        kpi=kpi, person=person, team=team, period_start=start, defaults={"value": value}
    )
    return target


def lookups(organisation: Organisation) -> tuple[dict, dict]:
    people = {
        email.lower(): (pk, name)
        for pk, email, name in User.objects.filter(organisation=organisation).values_list(
            "id", "email", "full_name"
        )
    }
    kpis = {
        lower: (pk, name, period)
        for pk, name, period, lower in Kpi.objects.filter(organisation=organisation)
        .annotate(lower=Lower("name"))
        .values_list("id", "name", "period", "lower")
    }
    return people, kpis


def values_check_csv(*, organisation: Organisation, data: bytes) -> kpi_import.Parsed:
    """The preview: every row read and checked, nothing saved."""
    records, problems = kpi_import.read_csv(data)
    if problems:
        return kpi_import.Parsed(errors=problems)
    people, kpis = lookups(organisation)
    return kpi_import.check(records, people=people, kpis=kpis)


def values_import(*, parsed: kpi_import.Parsed, source: str) -> int:
    """All or nothing: with any bad row nothing changes. Returns the number of values saved."""
    if not parsed.ok:
        raise RoundtableError("Nothing was imported: fix the rows listed and try again.")
    now = timezone.now()
    with transaction.atomic():
        for row in parsed.rows:
            KpiValue.objects.update_or_create(
                kpi_id=row.kpi_id,
                person_id=row.person_id,
                period_start=row.period_start,
                defaults={"value": row.value, "source": source, "updated_at": now},
            )
    return len(parsed.rows)


def token_create(*, organisation: Organisation, name: str, actor: User) -> tuple[ApiToken, str]:
    """A new API token; the secret is shown once and only its hash is kept."""
    name = " ".join(name.split()) or "KPI sync"
    secret = "rt_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation, name=name, digest=ApiToken.digest_of(secret), created_by=actor
    )
    return token, secret


def token_revoke(*, token: ApiToken) -> None:
    token.delete()


def token_for(secret: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(digest=ApiToken.digest_of(secret))
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(id=token.id).update(last_used_at=timezone.now())
    return token

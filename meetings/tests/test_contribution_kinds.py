"""A contribution's kind is one word everywhere: the enum, the database and the protocols."""

import pytest
from django.db import IntegrityError

from conftest import open_session
from meetings.models import Contribution, ContributionKind
from protocols.definitions import COACHING_PROTOCOLS, PROTOCOLS


def test_every_kind_a_protocol_accepts_is_a_contribution_kind():
    accepted = {
        kind
        for protocol in [*PROTOCOLS.values(), *COACHING_PROTOCOLS]
        for phase in protocol.phases
        for kind in phase.accepts
    }
    assert accepted and accepted <= set(ContributionKind.values)


def test_the_database_refuses_a_kind_that_is_not_one(world):
    _session, meeting = open_session(world)
    with pytest.raises(IntegrityError):
        Contribution.objects.create(
            meeting=meeting, author=world.rep, kind="rumour", phase_key="x", text="t"
        )

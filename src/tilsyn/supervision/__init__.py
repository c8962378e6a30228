"""Supervision of municipalities: cases as append-only events, the state machine,
the fokusrevision sample and the AMK contact log, in a SQL store migrated by Alembic."""

from tilsyn.supervision.amk import kontakter, tilfoej_kontakt
from tilsyn.supervision.db import db_url, migrate, sessions
from tilsyn.supervision.revision import opret_revision, resume, revision_resume, udtraek, vurder
from tilsyn.supervision.sager import (
    Konflikt,
    aabn_sager,
    frister,
    historik,
    registrer,
    sagens_frister,
    tilladte_overgange,
    tilstand,
)
from tilsyn.supervision.maskine import SagFejl, UlovligHaendelse

__all__ = [
    "Konflikt", "SagFejl", "UlovligHaendelse", "aabn_sager", "db_url", "frister", "historik",
    "kontakter", "migrate", "opret_revision", "registrer", "resume", "revision_resume",
    "sagens_frister", "sessions", "tilfoej_kontakt", "tilladte_overgange", "tilstand", "udtraek",
    "vurder",
]

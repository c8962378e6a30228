"""The workflow store's tables (SQLAlchemy 2). The schema itself is made by the Alembic
migrations in `migrations/`; these classes must match them (a test compares the two)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def nu() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Sag(Base):
    """One supervision case per municipality and selection year. `tilstand` is a cache of the
    replayed event history (written only by the services); `version` guards concurrent edits."""

    __tablename__ = "sag"
    __table_args__ = (UniqueConstraint("kommune_kode", "aar"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kommune_kode: Mapped[str] = mapped_column(String(4))
    aar: Mapped[int] = mapped_column(Integer)
    konsekvens: Mapped[str] = mapped_column(String(40))
    opened: Mapped[date] = mapped_column(Date)
    tilstand: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # the published figures (opgørelse) the case was opened on; None: Tilsyn's own computation
    opgoerelse_id: Mapped[int | None] = mapped_column(ForeignKey("opgoerelse.id"))

    haendelser: Mapped[list[Haendelse]] = relationship(
        back_populates="sag", order_by="Haendelse.id", viewonly=True
    )


class Haendelse(Base):
    """An event in a case's history; append-only (the ORM refuses updates and deletes)."""

    __tablename__ = "haendelse"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sag_id: Mapped[int] = mapped_column(ForeignKey("sag.id"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    dato: Mapped[date] = mapped_column(Date)
    actor: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=nu)

    sag: Mapped[Sag] = relationship(back_populates="haendelser")


@event.listens_for(Haendelse, "before_update")
@event.listens_for(Haendelse, "before_delete")
def _append_only(mapper, connection, target) -> None:
    raise RuntimeError("hændelser kan ikke ændres eller slettes (sagens historik er kun til tilføjelse)")


class Dokument(Base):
    """A letter or attachment of a case: its bytes in the store, or a path to them."""

    __tablename__ = "dokument"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sag_id: Mapped[int] = mapped_column(ForeignKey("sag.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    path: Mapped[str | None] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=nu)


class Revision(Base):
    """A fokusrevision: the drawn sample of passive cases, with the seed that reproduces it. One
    per case, and one more of everyone (`alle`) under administration: the store refuses a second
    draw, so no one can draw until the sample suits them."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("sag_id", "alle", name="uq_revision_sag_id_alle"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sag_id: Mapped[int] = mapped_column(ForeignKey("sag.id"), index=True)
    maaned: Mapped[date] = mapped_column(Date)
    seed: Mapped[int] = mapped_column(BigInteger)
    andel_pct: Mapped[float] = mapped_column(Float)
    alle: Mapped[bool] = mapped_column(Boolean)
    population: Mapped[int] = mapped_column(Integer)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=nu)

    sager: Mapped[list[Revisionssag]] = relationship(
        back_populates="revision", order_by="Revisionssag.id"
    )


class Revisionssag(Base):
    """One sampled person and the reviewer's finding (`gyldig_grund` None = not yet reviewed)."""

    __tablename__ = "revisionssag"
    __table_args__ = (UniqueConstraint("revision_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revision.id"), index=True)
    person_id: Mapped[str] = mapped_column(String(64))
    ydelsesgruppe: Mapped[str] = mapped_column(String(40))
    gyldig_grund: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    revision: Mapped[Revision] = relationship(back_populates="sager")


class AmkKontakt(Base):
    """A contact between an AMK and a municipality (STAR's notat of 12 April 2023, Table 2). `dato` when the day is
    known, otherwise `periode` (a quarter '3. kvt. 2023' or a month '2023-03')."""

    __tablename__ = "amk_kontakt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kommune_kode: Mapped[str] = mapped_column(String(4), index=True)
    dato: Mapped[date | None] = mapped_column(Date)
    periode: Mapped[str | None] = mapped_column(String(20))
    oensker_bistand: Mapped[bool | None] = mapped_column(Boolean)
    afdaekning: Mapped[bool] = mapped_column(Boolean)
    indsats: Mapped[str] = mapped_column(Text, default="")
    maal: Mapped[list[str]] = mapped_column(JSON, default=list)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=nu)


class Bruger(Base):
    """A user of the web application; the web issue fills in authentication."""

    __tablename__ = "bruger"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    brugernavn: Mapped[str] = mapped_column(String(100), unique=True)
    navn: Mapped[str] = mapped_column(String(200))
    rolle: Mapped[str] = mapped_column(String(40))
    kommune_kode: Mapped[str | None] = mapped_column(String(4))
    team: Mapped[str | None] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(255))


class Adgangslog(Base):
    """Every view of citizen data: who, when, which person, why (the route's purpose), where (the
    route) and with which filters (None on rows from before they were recorded)."""

    __tablename__ = "adgangslog"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    brugernavn: Mapped[str] = mapped_column(String(100), index=True)
    tidspunkt: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=nu, index=True)
    person_id: Mapped[str | None] = mapped_column(String(64), index=True)
    formaal: Mapped[str] = mapped_column(Text)
    route: Mapped[str] = mapped_column(Text)
    filtre: Mapped[str | None] = mapped_column(Text)


class Websession(Base):
    """A signed-in browser. The cookie carries a random key; only its SHA-256 is stored here, so a
    copy of the database lets no one sign in. Deleting the row ends the session."""

    __tablename__ = "session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    noegle_hash: Mapped[str] = mapped_column(String(64), unique=True)
    brugernavn: Mapped[str] = mapped_column(String(100), index=True)
    oprettet: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sidst_set: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    adresse: Mapped[str | None] = mapped_column(String(45))


class Opgoerelse(Base):
    """STAR's published figures of a selection year as uploaded: the source files
    themselves, who and when; a new upload for the same year is the next version, never an
    overwrite."""

    __tablename__ = "opgoerelse"
    __table_args__ = (UniqueConstraint("aar", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aar: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    resultatmaal_filnavn: Mapped[str] = mapped_column(String(255))
    resultatmaal_indhold: Mapped[bytes] = mapped_column(LargeBinary)
    fokusmaal_filnavn: Mapped[str] = mapped_column(String(255))
    fokusmaal_indhold: Mapped[bytes] = mapped_column(LargeBinary)
    note: Mapped[str] = mapped_column(Text, default="")
    oprettet_af: Mapped[str] = mapped_column(String(100))
    oprettet: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=nu)


class Fravaer(Base):
    """An absence a team leader registers in the web (caseworker, from, to, substitute): it applies
    on top of the delivery's `fravaer` rows on the worklist, and never changes the imported data.
    Who registered and last changed it is kept here, every change in `FravaerLog`."""

    __tablename__ = "fravaer_registrering"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kommune_kode: Mapped[str] = mapped_column(String(4), index=True)
    sagsbehandler_id: Mapped[str] = mapped_column(String(100))
    fra: Mapped[date] = mapped_column(Date)
    til: Mapped[date] = mapped_column(Date)
    vikar_id: Mapped[str | None] = mapped_column(String(100))
    oprettet_af: Mapped[str] = mapped_column(String(100))
    oprettet: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=nu)
    rettet_af: Mapped[str | None] = mapped_column(String(100))
    rettet: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # guards concurrent edits: a change or deletion names the version it was made from, and the
    # ORM's UPDATE/DELETE ... WHERE version = that one refuses it when another got in between
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class FravaerLog(Base):
    """Every registration, change and deletion of an absence: who, when, and the values after it
    (the values before it for a deletion). Kept when the absence is deleted."""

    __tablename__ = "fravaer_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fravaer_id: Mapped[int] = mapped_column(Integer, index=True)
    handling: Mapped[str] = mapped_column(String(20))
    brugernavn: Mapped[str] = mapped_column(String(100))
    tidspunkt: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=nu)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class Linjenote(Base):
    """A caseworker's mark on a worklist line before the next delivery shows the event ("booket" or
    "holdt – afventer registrering", a date and a note): who and when, never the imported data. The
    newest note of a line is the one shown. `version` numbers a line's notes 1, 2, ...; a new note
    names the one it follows, so of two people noting the same line at once only one succeeds."""

    __tablename__ = "linjenote"
    __table_args__ = (UniqueConstraint("kommune_kode", "person_id", "krav_id", "frist", "version",
                                       name="uq_linjenote_linje_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kommune_kode: Mapped[str] = mapped_column(String(4), index=True)
    person_id: Mapped[str] = mapped_column(String(64), index=True)
    krav_id: Mapped[str] = mapped_column(String(100))
    frist: Mapped[date] = mapped_column(Date)
    markering: Mapped[str] = mapped_column(String(20))
    dato: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    brugernavn: Mapped[str] = mapped_column(String(100))
    tidspunkt: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=nu)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Loginfejl(Base):
    """A wrong login, once under the user name tried and once under the client's address, each as
    a keyed hash (`noegle`: what was typed as a name may be a password, an address is personal
    data). In the workflow store so that every server process and machine on it throttles alike
    (`tilsyn.web.loginvagt`); a name's or address's rows go when its newest is older than the lock
    period, a name's also at its next successful login."""

    __tablename__ = "loginfejl"
    __table_args__ = (Index("ix_loginfejl_noegle_tidspunkt", "noegle", "tidspunkt"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    noegle: Mapped[str] = mapped_column(String(64))
    tidspunkt: Mapped[datetime] = mapped_column(DateTime(timezone=True))

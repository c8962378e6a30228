"""Tables and columns of the input format, and how each column is typed in the store.

Column kinds:
- `id`       non-empty text (person_id, sagsbehandler_id, vikar_id)
- `text`     free text, may be empty
- `kommune`  a municipality code, normalised to 4 digits ('153' -> '0153')
- `date`     ISO YYYY-MM-DD, stored as DATE
- `month`    YYYY-MM, stored as DATE (the first day of the month)
- `int`      whole number, stored as BIGINT
- `number`   decimal number (decimal comma accepted), stored as DOUBLE
- `code`     one of a code list (`codes`)

A column marked `valgfri` may be left out of a delivery (it is then empty for every row);
`nullable` says whether a present column may have empty values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tilsyn import koder


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    nullable: bool = False
    codes: tuple[str, ...] = ()
    valgfri: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    required: bool
    # Periods `start`..`slut` (slut may be empty = ongoing).
    period: bool = False
    key: tuple[str, ...] = ()
    notes: str = ""
    column_names: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _period(nullable_end: bool = True) -> tuple[Column, ...]:
    return (Column("start", "date"), Column("slut", "date", nullable=nullable_end))


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "personer",
            # navn: the citizen's name for the worklist (docs/data-format.md has none; a delivery may add it)
            (Column("person_id", "id"), Column("foedselsdato", "date"),
             Column("navn", "text", nullable=True, valgfri=True)),
            required=True,
            key=("person_id",),
        ),
        Table(
            "ydelser",
            (
                Column("person_id", "id"),
                Column("kommune_kode", "kommune"),
                Column("ydelse", "code", codes=tuple(koder.YDELSER)),
                Column("visitation", "code", nullable=True, codes=koder.VISITATIONER),
                *_period(),
                # a_kasse: the person's a-kasse on a dagpenge row (docs/data-format.md has none; optional, for
                # the a-kasse's quotas of lov 1750/2025, docs/kvoter.md)
                Column("a_kasse", "text", nullable=True, valgfri=True),
            ),
            required=True,
            period=True,
        ),
        Table(
            "samtaler",
            (
                Column("person_id", "id"),
                Column("kommune_kode", "kommune"),
                Column("dato", "date"),
                Column("form", "code", codes=koder.SAMTALE_FORMER),
                Column("art", "code", codes=koder.SAMTALE_ARTER),
                Column("sagsbehandler_id", "id", nullable=True),
                # afholdt_af: who held the samtale (docs/data-format.md has none; optional, docs/kvoter.md)
                Column("afholdt_af", "code", nullable=True, codes=koder.AFHOLDT_AF, valgfri=True),
            ),
            required=True,
        ),
        Table(
            "tilbud",
            (
                Column("person_id", "id"),
                Column("kommune_kode", "kommune"),
                Column("art", "code", codes=koder.TILBUD_ARTER),
                *_period(),
            ),
            required=True,
            period=True,
        ),
        Table(
            "beskaeftigelse",
            (Column("person_id", "id"), Column("maaned", "month"), Column("timer", "number")),
            required=True,
            key=("person_id", "maaned"),
        ),
        Table(
            "fritagelser",
            (
                Column("person_id", "id"),
                Column("grund", "code", codes=koder.FRITAGELSE_GRUNDE),
                *_period(),
            ),
            required=False,
            period=True,
        ),
        Table(
            "aftaler",
            (
                Column("person_id", "id"),
                Column("dato", "date"),
                Column("art", "code", codes=koder.AFTALE_ARTER),
            ),
            required=False,
        ),
        Table(
            "sagsbehandlere",
            (
                Column("sagsbehandler_id", "id"),
                Column("navn", "text"),
                Column("team", "text", nullable=True),
                Column("kommune_kode", "kommune"),
            ),
            required=False,
            key=("sagsbehandler_id",),
        ),
        Table(
            "sagsstammer",
            (Column("person_id", "id"), Column("sagsbehandler_id", "id"), *_period()),
            required=False,
            period=True,
        ),
        Table(
            "fravaer",
            (
                Column("sagsbehandler_id", "id"),
                *_period(nullable_end=False),
                Column("vikar_id", "id", nullable=True),
            ),
            required=False,
            period=True,
        ),
        Table(
            "rammevilkaar",
            (
                Column("kommune_kode", "kommune"),
                Column("aar", "int"),
                Column("befolkning_16_66", "int"),
            ),
            required=False,
            key=("kommune_kode", "aar"),
            notes="followed by any numeric covariate columns (type number)",
        ),
    )
}

# rammevilkaar may carry any further numeric columns: the benchmark model's covariates.
OPEN_TABLES = ("rammevilkaar",)

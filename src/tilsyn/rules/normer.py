"""A municipality's local service norms (lokale normer): its own dated requirements beside the law,
in `lokale_normer/KODE.yaml` (or the directory in TILSYN_LOKALE_NORMER), each value with the
municipal decision as its reference. Same format as `kontaktforloeb/krav.yaml`; ids start with
`lokal_` so no line can be taken for a legal requirement. They go on the municipality's worklist,
marked "lokal norm", and never into rettidighed (docs/frister.md counts the law only)."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

from tilsyn.rules.rulebook import Rulebook, RulebookError, Value

NORMER = Path(str(resources.files("tilsyn.rules").joinpath("lokale_normer")))
MAPPE_ENV = "TILSYN_LOKALE_NORMER"
ARTER = {"samtale": "samtaler", "tilbud": "tilbud"}
PRAEFIKS = "lokal_"


def mappe() -> Path:
    return Path(os.environ.get(MAPPE_ENV) or NORMER)


@cache
def _bog(sti: Path) -> Rulebook:
    bog = Rulebook.load(sti)
    forkerte = [f"{path}: id {k['id']!r} skal begynde med {PRAEFIKS!r}"
                for path, p in bog.parameters.items() for v in p.values for k in v.value
                if not str(k.get("id", "")).startswith(PRAEFIKS)]
    if forkerte:
        raise RulebookError("\n".join(forkerte))
    return bog


def lokale_normer(kommune: str, sti: Path | None = None) -> dict[str, tuple[Value, ...]]:
    """art (samtale/tilbud) -> the municipality's dated local requirements; empty without any."""
    sti = sti or mappe()
    if not sti.is_dir():
        return {}
    bog = _bog(sti)
    return {art: bog.dagvaerdier(f"{kommune}.{navn}") for art, navn in ARTER.items()
            if f"{kommune}.{navn}" in bog.parameters}


def er_lokal(krav_id: str | None) -> bool:
    return bool(krav_id) and krav_id.startswith(PRAEFIKS)

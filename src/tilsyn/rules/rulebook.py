"""Load the YAML parameters and give the value in force for what the caller computes.

A parameter is a mapping with a `values` list; its path is the file path below
`parameters/` (without `.yaml`) joined with the keys leading to it, dots between:
`fokusmaal.yaml: tilbud: min_timer` is `fokusmaal.tilbud.min_timer`, and
`kontaktforloeb/krav.yaml: samtaler` is `kontaktforloeb.krav.samtaler`.
Each value: `from` (the day it takes effect), `value`, `marker` (source|default),
`reference` {title, paragraph, link} and an optional `note`. Keys starting with `_` hold
shared references for YAML anchors and are not parameters. A value is in force from its
`from` until the day before the next value's `from`.

Which day a value is read on is the parameter's, not the caller's: every parameter declares
`laeses` (required), and the accessors `vaerdi`/`gaeldende` take what the caller has and apply it:
- `laeses: maaned` — `maaned=m`: the value in force on the last day of month m (docs/measures.md, "rule
  values for month M are those in force on last(M)");
- `laeses: aar` — `aar=y`: the value in force on 31 December of year y (year values, the selection);
- `laeses: dag` — `dag=d`: the value in force on the day d of the event or row it applies to
  (deadlines, clocks, the supervision case's events). `dagvaerdier` gives all dated values of a
  `dag` parameter, for code that picks one per row (the engine's `i_kraft`).
Asking by another kind than the declared one is a bug in the caller: TypeError.
"""

from __future__ import annotations

import bisect
import hashlib
import os
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tilsyn import tid

MARKERS = ("source", "default")
LAESES = ("maaned", "aar", "dag")
KVOTE_HOLDES_AF = ("kommune", "a_kasse")  # who holds the samtaler a quota counts
PARAMETERS = Path(str(resources.files("tilsyn.rules").joinpath("parameters")))
FOERSTE_REGELDAG = tid.FOERSTE_REGELDAG  # every parameter has a value in force every day from here


class RulebookError(ValueError):
    """The parameter files are malformed; the message lists every problem."""


@dataclass(frozen=True)
class Reference:
    title: str
    paragraph: str | None
    link: str | None

    def tekst(self) -> str:
        return ", ".join(p for p in (self.title, self.paragraph) if p)


@dataclass(frozen=True)
class Value:
    start: date
    value: Any
    marker: str
    reference: Reference
    note: str | None


@dataclass(frozen=True)
class Parameter:
    path: str
    description: str
    unit: str | None
    laeses: str
    values: tuple[Value, ...]
    beregnes: bool = True  # false: shown to users ("Regler i kraft"), not computed with


    def on(self, day: date) -> Value:
        starts = [v.start for v in self.values]
        i = bisect.bisect_right(starts, day) - 1
        if i < 0:
            raise LookupError(f"{self.path}: ingen værdi gælder {day.isoformat()}")
        return self.values[i]


class Rulebook:
    def __init__(self, parameters: dict[str, Parameter], directory: Path, fingeraftryk: str = "",
                 lokal: bool = False):
        self.parameters = parameters
        self.directory = directory
        self.fingeraftryk = fingeraftryk  # of the files read: results are kept per rulebook
        self.lokal = lokal  # some files are the deployment's own (`TILSYN_REGLER`)

    @property
    def navn(self) -> str:
        """How pages, exports and `tilsyn regler` name the rulebook a figure came from."""
        return f"{self.fingeraftryk} (lokal)" if self.lokal else self.fingeraftryk

    @classmethod
    def load(cls, directory: Path | str = PARAMETERS, lokal: Path | str | None = None) -> Rulebook:
        """The parameters below `directory`; with `lokal`, each YAML file there replaces the file
        of the same path below `directory` (`TILSYN_REGLER`). A local file must hold the same
        parameters, read on the same kind of day, each with a value from `FOERSTE_REGELDAG`."""
        directory = Path(directory)
        filer = {f.relative_to(directory): f for f in sorted(directory.rglob("*.yaml"))}
        problems: list[str] = []
        egne = _lokale_filer(Path(lokal), filer, problems) if lokal is not None else {}
        parameters: dict[str, Parameter] = {}
        aftryk = hashlib.sha256()
        for rel, file in sorted((filer | egne).items()):
            tekst = file.read_bytes()
            aftryk.update(str(rel).encode() + b"\0" + tekst + b"\0")
            fundne = _laes(tekst, rel, file.name, problems)
            if rel in egne:
                _tjek_lokal(fundne, _laes(filer[rel].read_bytes(), rel, file.name, []), f"TILSYN_REGLER: {rel}", problems)
            parameters |= fundne
        if problems:
            raise RulebookError("\n".join(problems))
        return cls(parameters, directory, aftryk.hexdigest()[:12], bool(egne))

    def parameter(self, path: str) -> Parameter:
        try:
            return self.parameters[path]
        except KeyError:
            raise KeyError(f"ukendt parameter {path!r}") from None

    def gaeldende(
        self, path: str, *, maaned: date | None = None, aar: int | None = None, dag: date | None = None
    ) -> Value:
        """The value, with its reference, for the month, year or day the caller computes; the
        parameter's `laeses` says which of the three it must be and which day that means."""
        parameter = self.parameter(path)
        givet = {"maaned": maaned, "aar": aar, "dag": dag}
        navne = [k for k, v in givet.items() if v is not None]
        if navne != [parameter.laeses]:
            raise TypeError(
                f"{path} læses pr. {parameter.laeses} og skal kaldes med {parameter.laeses}=…, "
                f"ikke {' og '.join(navne) or 'ingenting'}"
            )
        if parameter.laeses == "maaned":
            return parameter.on(tid.last_day(maaned))
        if parameter.laeses == "aar":
            return parameter.on(tid.year_end(aar))
        return parameter.on(dag)

    def vaerdi(
        self, path: str, *, maaned: date | None = None, aar: int | None = None, dag: date | None = None
    ) -> Any:
        """`gaeldende(...).value`."""
        return self.gaeldende(path, maaned=maaned, aar=aar, dag=dag).value

    def hvis(self, aendringer: dict[str, Any], kilde: str = "Hvad-hvis") -> Rulebook:
        """A copy where each changed parameter has the one value given, on every day - a what-if
        that changes neither this rulebook nor the files behind it."""
        ref = Reference(f"{kilde}: ændret af brugeren, ikke en gældende regel", None, None)
        parameters = dict(self.parameters)
        for path, value in aendringer.items():
            p = self.parameter(path)
            parameters[path] = replace(p, values=(Value(tid.FOERSTE_DAG, value, "hvis", ref, None),))
        return Rulebook(parameters, self.directory, self.fingeraftryk, self.lokal)

    def dagvaerdier(self, path: str) -> tuple[Value, ...]:
        """Every dated value of a `laeses: dag` parameter, for code that picks the one in force on
        each row's own day (an engine CASE, the requirement regimes by due date)."""
        parameter = self.parameter(path)
        if parameter.laeses != "dag":
            raise TypeError(f"{path} læses pr. {parameter.laeses}, ikke pr. dag: brug vaerdi/gaeldende")
        return parameter.values


def rulebook() -> Rulebook:
    """The rulebook in force: the one shipped with Tilsyn, where the folder named by the environment
    variable `TILSYN_REGLER` (laid out like `parameters/`) holds a file, that file instead."""
    return _rulebook(os.environ.get("TILSYN_REGLER") or None)


@cache
def _rulebook(lokal: str | None) -> Rulebook:
    return Rulebook.load(PARAMETERS, lokal)


def _lokale_filer(mappe: Path, filer: dict[Path, Path], problems: list[str]) -> dict[Path, Path]:
    """The local folder's YAML files, each by its path; a file the shipped rules do not have is a
    problem (a local rulebook replaces files, it does not add to them)."""
    if not mappe.is_dir():
        problems.append(f"TILSYN_REGLER: mappen {mappe} findes ikke")
        return {}
    egne = {f.relative_to(mappe): f for f in sorted(mappe.rglob("*.yaml"))}
    for rel in egne:
        if rel not in filer:
            problems.append(f"TILSYN_REGLER: {rel} svarer ikke til en fil i de medfølgende regler "
                            f"(fx fokusmaal.yaml eller kontaktforloeb/krav.yaml)")
    return {rel: f for rel, f in egne.items() if rel in filer}


def _laes(tekst: bytes, rel: Path, navn: str, problems: list[str]) -> dict[str, Parameter]:
    """The parameters of one file; what is wrong is added to `problems`."""
    ud: dict[str, Parameter] = {}
    try:
        tree = yaml.safe_load(tekst.decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        problems.append(f"{navn}: ikke gyldig YAML: {e}")
        return ud
    _collect(tree, ".".join(rel.with_suffix("").parts), navn, ud, problems)
    return ud


def _tjek_lokal(egne: dict[str, Parameter], medfoelgende: dict[str, Parameter], hvor: str,
                problems: list[str]) -> None:
    """A local file holds the shipped file's parameters, each read as declared there and in force
    every day from `FOERSTE_REGELDAG` (the code reads every one of them on any day it computes)."""
    for sti in sorted(medfoelgende.keys() - egne.keys()):
        problems.append(f"{hvor}: mangler parameteren {sti}")
    for sti in sorted(egne.keys() - medfoelgende.keys()):
        problems.append(f"{hvor}: ukendt parameter {sti} (findes ikke i de medfølgende regler)")
    for sti in sorted(egne.keys() & medfoelgende.keys()):
        p = egne[sti]
        if p.laeses != medfoelgende[sti].laeses:
            problems.append(f"{hvor}: {sti} skal læses pr. {medfoelgende[sti].laeses}, ikke {p.laeses}")
        if p.values[0].start > FOERSTE_REGELDAG:
            problems.append(f"{hvor}: {sti} har først en værdi fra {p.values[0].start.isoformat()}; "
                            f"der skal gælde en værdi hver dag fra {FOERSTE_REGELDAG.isoformat()}")


def _collect(node: Any, path: str, file: str, out: dict, problems: list[str]) -> None:
    if not isinstance(node, dict):
        problems.append(f"{file}: {path}: forventede en tabel af parametre")
        return
    if "values" in node:
        parameter = _parameter(node, path, file, problems)
        if parameter:
            out[path] = parameter
        return
    for key, child in node.items():
        if not str(key).startswith("_"):  # `_name:` holds shared references (YAML anchors)
            _collect(child, f"{path}.{key}", file, out, problems)


def _kvote_problemer(value: Any, at: str) -> list[str]:
    """A requirement is binding unless it has `kvote: {andel, holdes_af}`: the share of the group
    that must reach it (0 < andel <= 1) and who holds the samtaler it counts. A binding requirement
    may name who holds its samtaler in `holdes_af` (lov 1750/2025: the municipality's at 16 months)."""
    if not isinstance(value, list):
        return []
    problems = []
    for krav in value:
        if isinstance(krav, dict) and "holdes_af" in krav:  # a binding requirement held by one party
            if "kvote" in krav or krav["holdes_af"] not in KVOTE_HOLDES_AF:
                problems.append(f"{at}: krav {krav.get('id')!r}: holdes_af (bindende krav) skal være kommune "
                                f"eller a_kasse, og et kvotekrav siger det i kvote, ikke {krav['holdes_af']!r}")
        if not isinstance(krav, dict) or "kvote" not in krav:
            continue
        kvote, navn = krav["kvote"], f"{at}: krav {krav.get('id')!r}: kvote"
        if not isinstance(kvote, dict) or set(kvote) != {"andel", "holdes_af"}:
            problems.append(f"{navn} skal være {{andel: 0.75, holdes_af: kommune|a_kasse}}")
            continue
        andel = kvote["andel"]
        if isinstance(andel, bool) or not isinstance(andel, (int, float)) or not 0 < andel <= 1:
            problems.append(f"{navn}: andel skal være et tal over 0 og højst 1, ikke {andel!r}")
        if kvote["holdes_af"] not in KVOTE_HOLDES_AF:
            problems.append(f"{navn}: holdes_af skal være kommune eller a_kasse, ikke {kvote['holdes_af']!r}")
    return problems


def _parameter(node: dict, path: str, file: str, problems: list[str]) -> Parameter | None:
    where = f"{file}: {path}"
    if not node.get("description"):
        problems.append(f"{where}: mangler description")
    if "laeses" not in node:
        problems.append(f"{where}: mangler laeses (maaned, aar eller dag)")
    elif node["laeses"] not in LAESES:
        problems.append(f"{where}: laeses skal være maaned, aar eller dag, ikke {node['laeses']!r}")
    values = []
    for i, raw in enumerate(node.get("values") or []):
        at = f"{where}: værdi {i + 1}"
        if not isinstance(raw, dict):
            problems.append(f"{at}: forventede from/value/marker/reference")
            continue
        start = raw.get("from")
        if not isinstance(start, date):
            problems.append(f"{at}: 'from' skal være en dato ÅÅÅÅ-MM-DD")
            continue
        if "value" not in raw:
            problems.append(f"{at}: mangler value")
        problems += _kvote_problemer(raw.get("value"), at)
        if raw.get("marker") not in MARKERS:
            problems.append(f"{at}: marker skal være source eller default")
        ref = raw.get("reference") or {}
        if not isinstance(ref, dict) or not ref.get("title"):
            problems.append(f"{at}: mangler reference med title")
            ref = {}
        values.append(
            Value(
                start=start,
                value=raw.get("value"),
                marker=raw.get("marker"),
                reference=Reference(ref.get("title", ""), ref.get("paragraph"), ref.get("link")),
                note=raw.get("note"),
            )
        )
    if not isinstance(node.get("beregnes", True), bool):
        problems.append(f"{where}: beregnes skal være true eller false")
    if not values:
        problems.append(f"{where}: ingen værdier")
        return None
    starts = [v.start for v in values]
    if starts != sorted(set(starts)):
        problems.append(f"{where}: datoerne skal stige strengt (to værdier gælder samme dag)")
    return Parameter(path, node.get("description", ""), node.get("unit"), node.get("laeses"), tuple(values),
                     node.get("beregnes", True) is not False)

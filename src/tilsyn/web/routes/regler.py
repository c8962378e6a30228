"""The page "Regler i kraft": the rule values in force on a day with their legal source, the
same rows as `tilsyn regler` (rules.i_kraft). Open to every signed-in user: it shows law, no
citizen data."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from tilsyn import tid
from tilsyn.rules.i_kraft import UkendtSti, regler_i_kraft
from tilsyn.rules.rulebook import rulebook
from tilsyn.web.kontekst import Bruger, Ktx, saetning, side

router = APIRouter()


@router.get("/regler", response_class=HTMLResponse)
def regler_side(
    request: Request,
    k: Ktx,
    bruger: Bruger,
    dato: str | None = None,
    sti: str | None = None,
):
    grupper = sorted({p.split(".")[0] for p in rulebook().parameters})
    fejl, rows, dag = None, [], date.today()
    try:
        dag = tid.parse_dato(dato) if dato else dag
        rows = regler_i_kraft(dag, sti or None)
        if not rows:
            fejl = f"Ingen regler gælder {dag.isoformat()}; regelsamlingen begynder 1. januar 2016."
    except (ValueError, UkendtSti) as e:
        fejl = saetning(str(e))
    return side(
        k, request, "regler.html", status_code=422 if fejl else 200, bruger=bruger, rows=rows, dag=dag,
        dato=dato if dato is not None else dag.isoformat(), omraade=sti or "", grupper=grupper, fejl=fejl,
    )

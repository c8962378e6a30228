"""The benchmark behind the resultatmål: the expected-share model (pluggable, `model`), leave-one-out
predictions with intervals, and a diagnostics report (`resultatmaal`).

The package itself holds only what the pages need without computing: the refusal and the
covariates' Danish labels. The model and the resultatmål load pandas, NumPy and ibis, so they are
imported from their modules when a figure is computed (the web answers before it has loaded them)."""

# Danish labels of the covariates Tilsyn's generator and the ministry's model use; others show by name
KOVARIAT_TEKST = {
    "andel_ufaglaerte": "Andel ufaglærte (andel af 16-66-årige)",
    "andel_indvandrere": "Andel indvandrere og efterkommere",
    "ledighed_pendlingsomraade": "Ledighed i pendlingsområdet (%)",
    "andel_over_50": "Andel over 50 år",
}


def kovariat_tekst(navn: str) -> str:
    return KOVARIAT_TEKST.get(navn, navn.replace("_", " ").capitalize())


class ResultatmaalFejl(ValueError):
    """The input cannot give a resultatmål (missing or incomplete rammevilkaar); Danish message."""

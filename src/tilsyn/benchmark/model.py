"""The expected-share model: an interface any model can fill, and the default one.

A model gets one row per municipality - `faktisk_andel` (the actual share, %), `vaegt`
(befolkning_16_66) and the covariate columns - and returns, for each row, the expected share and a
prediction interval computed **without that row** (a municipality is never benchmarked against
itself, docs/measures.md).

statsmodels is imported where it is used: it takes about a second to import, and every `tilsyn`
command would pay for it at start-up.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd


class Model(Protocol):
    """What `resultatmaal` needs from a benchmark model."""

    version: str

    def fit_predict(self, frame: pd.DataFrame, kovariater: list[str], niveau: float) -> pd.DataFrame:
        """[forventet_andel, nedre, oevre] with the index of `frame`, each row predicted by a model
        that did not see that row; `niveau` is the interval's coverage (0.95)."""
        ...

    def beskriv(self, frame: pd.DataFrame, kovariater: list[str]) -> str:
        """The model fitted on all rows, as Markdown for the diagnostics report."""
        ...

    def bidrag(self, frame: pd.DataFrame, kovariater: list[str], i: int) -> tuple[float, pd.DataFrame]:
        """Row `i`'s expected share taken apart: (the mean the model predicts for an average
        municipality, one row per covariate [kovariat, koefficient, vaerdi, gennemsnit, bidrag])
        such that mean + sum(bidrag) is the row's `forventet_andel`."""
        ...


class WlsLoo:
    """Population-weighted linear regression of the actual share on the covariates, predicted
    leave-one-out: for each municipality the model is refitted without it (98 small fits)."""

    version = "wls-loo-1"

    def fit_predict(self, frame: pd.DataFrame, kovariater: list[str], niveau: float) -> pd.DataFrame:
        import statsmodels.api as sm

        y, x, w = _design(frame, kovariater)
        rows = []
        for i in range(len(frame)):
            keep = np.arange(len(frame)) != i
            fit = sm.WLS(y[keep], x[keep], weights=w[keep]).fit()
            pred = fit.get_prediction(x[i : i + 1], weights=w[i : i + 1])
            band = pred.summary_frame(alpha=1 - niveau)
            rows.append(
                (float(band["mean"].iloc[0]), float(band["obs_ci_lower"].iloc[0]), float(band["obs_ci_upper"].iloc[0]))
            )
        return pd.DataFrame(rows, columns=["forventet_andel", "nedre", "oevre"], index=frame.index)

    def beskriv(self, frame: pd.DataFrame, kovariater: list[str]) -> str:
        import statsmodels.api as sm

        y, x, w = _design(frame, kovariater)
        fit = sm.WLS(y, x, weights=w).fit()
        linjer = [
            f"Vægtet lineær regression (vægt: befolkning 16-66 år), {int(fit.nobs)} kommuner, "
            f"{len(kovariater)} forklarende variable.",
            "",
            f"R² = {fit.rsquared:.3f}, justeret R² = {fit.rsquared_adj:.3f}, residualspredning for en "
            f"kommune af gennemsnitlig størrelse = {np.sqrt(fit.scale / w.mean()):.2f} procentpoint",
            "",
            "| variabel | koefficient | std.fejl | t | p |",
            "|---|---:|---:|---:|---:|",
        ]
        for navn in fit.params.index:
            linjer.append(
                f"| {navn} | {fit.params[navn]:.4f} | {fit.bse[navn]:.4f} | "
                f"{fit.tvalues[navn]:.2f} | {fit.pvalues[navn]:.3f} |"
            )
        return "\n".join(linjer)


    def bidrag(self, frame: pd.DataFrame, kovariater: list[str], i: int) -> tuple[float, pd.DataFrame]:
        """The leave-one-out fit for row `i` (the one behind its expected share); the mean is the
        population-weighted mean of the other municipalities, where the fitted plane's value is
        their weighted mean share."""
        import statsmodels.api as sm

        y, x, w = _design(frame, kovariater)
        keep = np.arange(len(frame)) != i
        fit = sm.WLS(y[keep], x[keep], weights=w[keep]).fit()
        gns = {k: float(np.average(frame[k].to_numpy(float)[keep], weights=w[keep])) for k in kovariater}
        basis = float(fit.params["const"] + sum(fit.params[k] * gns[k] for k in kovariater))
        rows = [(k, float(fit.params[k]), float(frame[k].iloc[i]), gns[k],
                 float(fit.params[k] * (frame[k].iloc[i] - gns[k]))) for k in kovariater]
        return basis, pd.DataFrame(rows, columns=["kovariat", "koefficient", "vaerdi", "gennemsnit", "bidrag"])


def _design(frame: pd.DataFrame, kovariater: list[str]):
    import statsmodels.api as sm

    x = sm.add_constant(frame[kovariater].astype(float), has_constant="add")
    return frame["faktisk_andel"].to_numpy(float), x, frame["vaegt"].to_numpy(float)


STANDARD = WlsLoo()

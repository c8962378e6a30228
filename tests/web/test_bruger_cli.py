"""`tilsyn bruger …` and `tilsyn serve` on the command line: Danish errors with exit code 2."""

from __future__ import annotations

from typer.testing import CliRunner

from tilsyn.cli import app
from tilsyn.supervision import db
from tilsyn.web.auth import LokaleBrugere

runner = CliRunner()


def koer(*args):
    return runner.invoke(app, [str(a) for a in args])


def tekst(r) -> str:
    """The output without Rich's line wrapping."""
    return " ".join(r.output.split())


def test_opret_liste_adgangskode_slet(tmp_path):
    url = f"sqlite:///{tmp_path / 'sager.db'}"
    r = koer("bruger", "opret", "S0101-0001", "--rolle", "sagsbehandler", "--kommune", "101",
            "--navn", "Sara", "--adgangskode", "første-kode-1", "--db", url)
    assert r.exit_code == 0, r.output
    auth = LokaleBrugere(db.sessions(url))
    bruger = auth.log_ind("S0101-0001", "første-kode-1")
    assert (bruger.rolle, bruger.kommune_kode, bruger.navn) == ("sagsbehandler", "0101", "Sara")

    assert "S0101-0001" in tekst(koer("bruger", "liste", "--db", url))
    assert koer("bruger", "adgangskode", "S0101-0001", "--adgangskode", "anden-kode-22", "--db", url).exit_code == 0
    assert auth.log_ind("S0101-0001", "første-kode-1") is None
    assert auth.log_ind("S0101-0001", "anden-kode-22") is not None

    assert koer("bruger", "slet", "S0101-0001", "--db", url).exit_code == 0
    assert auth.hent("S0101-0001") is None


def test_adgangskode_fra_prompt(tmp_path):
    url = f"sqlite:///{tmp_path / 'sager.db'}"
    r = runner.invoke(app, ["bruger", "opret", "star", "--rolle", "star", "--db", url],
                      input="hemmelig-kode\nhemmelig-kode\n")
    assert r.exit_code == 0, r.output
    assert LokaleBrugere(db.sessions(url)).log_ind("star", "hemmelig-kode").rolle == "star"


def test_fejl_giver_exit_2(tmp_path):
    url = f"sqlite:///{tmp_path / 'sager.db'}"
    tilfaelde = [
        (["opret", "x", "--rolle", "chef", "--adgangskode", "lang-nok-kode"], "ukendt rolle"),
        (["opret", "x", "--rolle", "sagsbehandler", "--adgangskode", "lang-nok-kode"], "kræver en kommune"),
        (["opret", "x", "--rolle", "jobcenterchef", "--kommune", "9999", "--adgangskode", "lang-nok-kode"], "ukendt kommunekode"),
        (["opret", "x", "--rolle", "teamleder", "--kommune", "0101", "--adgangskode", "lang-nok-kode"], "kræver et team"),
        (["opret", "x", "--rolle", "star", "--kommune", "0101", "--adgangskode", "lang-nok-kode"], "hører ikke til en kommune"),
        (["opret", "x", "--rolle", "star", "--adgangskode", "kort"], "mindst 10 tegn"),
        (["slet", "findes-ikke"], "findes ikke"),
    ]
    for args, besked in tilfaelde:
        r = koer("bruger", *args, "--db", url)
        assert r.exit_code == 2 and besked in tekst(r), (args, r.output)
    assert koer("bruger", "opret", "x", "--rolle", "star", "--adgangskode", "lang-nok-kode", "--db", url).exit_code == 0
    r = koer("bruger", "opret", "x", "--rolle", "star", "--adgangskode", "lang-nok-kode", "--db", url)
    assert r.exit_code == 2 and "findes allerede" in tekst(r)


def test_erstat_goer_opret_gentagelig(tmp_path):
    url = f"sqlite:///{tmp_path / 'sager.db'}"
    for kode in ("foerste-kode-1", "anden-kode-22"):
        r = koer("bruger", "opret", "x", "--rolle", "jobcenterchef", "--kommune", "147",
                 "--adgangskode", kode, "--erstat", "--db", url)
        assert r.exit_code == 0, r.output
    auth = LokaleBrugere(db.sessions(url))
    assert auth.log_ind("x", "foerste-kode-1") is None
    assert auth.log_ind("x", "anden-kode-22").kommune_kode == "0147"


def test_serve_uden_lager(tmp_path):
    r = koer("serve", "--store", tmp_path / "mangler.duckdb")
    assert r.exit_code == 2 and "findes ikke" in tekst(r)


def test_ret_og_deaktiver_logges(tmp_path):
    """`ret` and `deaktiver` are the admin page's functions; every change is in the access log with
    the command and the operating-system user."""
    import getpass

    from sqlalchemy import select

    from tilsyn.supervision.models import Adgangslog

    url = f"sqlite:///{tmp_path / 'sager.db'}"
    assert koer("bruger", "opret", "tl", "--rolle", "sagsbehandler", "--kommune", "0101",
                "--adgangskode", "første-kode-1", "--db", url).exit_code == 0
    r = koer("bruger", "ret", "tl", "--rolle", "teamleder", "--team", "A", "--db", url)
    assert r.exit_code == 0, r.output
    auth = LokaleBrugere(db.sessions(url))
    assert (auth.hent("tl").rolle, auth.hent("tl").kommune_kode, auth.hent("tl").team) == ("teamleder", "0101", "A")
    r = koer("bruger", "ret", "tl", "--rolle", "star", "--db", url)
    assert r.exit_code == 2 and "hører ikke til en kommune" in tekst(r)
    assert koer("bruger", "deaktiver", "tl", "--db", url).exit_code == 0
    assert auth.log_ind("tl", "første-kode-1") is None
    with db.sessions(url)() as s:
        log = [(r.brugernavn, r.route, r.formaal.split(" (")[0]) for r in s.scalars(select(Adgangslog).order_by(Adgangslog.id))]
    mig = getpass.getuser()
    assert log == [(mig, "tilsyn bruger opret", "bruger oprettet"), (mig, "tilsyn bruger ret", "bruger ændret"),
                   (mig, "tilsyn bruger deaktiver", "bruger deaktiveret")]

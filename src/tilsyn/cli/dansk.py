"""The command line's frame in Danish: usage line, help panels and the framework's own errors.

Typer (0.29) carries its own copy of Click whose messages are fixed English strings, not gettext
catalogues, so there is nothing to translate by locale. Instead the app uses Typer's documented
extension points: its own group and command classes (`cls=`), which word the usage line and the
help option, turn Click's usage errors into Danish from the exceptions' own fields (the option, the
parameter, the command), and set Typer's help panel titles (`typer.rich_utils`) before it draws.

Old option names (`--date`, `--month`, `--year`, `--from`, `--to`) are kept working as hidden aliases
of the Danish ones: they are renamed in the arguments before parsing, so the help shows one name.
"""

from __future__ import annotations

import re

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

GAMLE_NAVNE = {"--date": "--dato", "--month": "--maaned", "--year": "--aar", "--from": "--fra", "--to": "--til"}

PANELER = {
    "ARGUMENTS_PANEL_TITLE": "Argumenter",
    "OPTIONS_PANEL_TITLE": "Tilvalg",
    "COMMANDS_PANEL_TITLE": "Kommandoer",
    "ERRORS_PANEL_TITLE": "Fejl",
    "ABORTED_TEXT": "Afbrudt.",
    "RICH_HELP": "Se [blue]'{command_path} {help_option}'[/] for hjælp.",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljøvariabel: {}]",
    "REQUIRED_LONG_STRING": "[påkrævet]",
    "DEPRECATED_STRING": "(forældet) ",
}

# the value checks' messages (pydantic's, as Typer words them), most specific first
VAERDIFEJL = (
    (r"Input should be a valid integer.*", "skal være et heltal"),
    (r"Input should be a valid number.*", "skal være et tal"),
    (r"Input should be a valid boolean.*", "skal være ja/nej (true/false)"),
    (r"Input should be less than or equal to (.+)", r"må højst være \1"),
    (r"Input should be greater than or equal to (.+)", r"skal være mindst \1"),
    (r"Input should be less than (.+)", r"skal være mindre end \1"),
    (r"Input should be greater than (.+)", r"skal være større end \1"),
    (r"Value (.+) is not a valid (.+)\.", r"\1 er ikke en gyldig værdi (\2)"),
)


def _paneler() -> None:
    """Typer's help and error panels in Danish (imported only when help or an error is drawn)."""
    from typer import rich_utils

    for navn, tekst in PANELER.items():
        setattr(rich_utils, navn, tekst)


def _vaerdifejl(tekst: str) -> str:
    for moenster, dansk in VAERDIFEJL:
        if re.fullmatch(moenster, tekst, flags=re.DOTALL):
            return re.sub(moenster, dansk, tekst, flags=re.DOTALL)
    return tekst


def _hint(e: _click.exceptions.BadParameter) -> str:
    hint = e.param_hint if e.param_hint is not None else (e.param.get_error_hint() if e.param else "")
    hint = " / ".join(hint) if isinstance(hint, (list, tuple)) else hint
    return hint.replace("(env var:", "(miljøvariabel:")


def dansk_fejl(e: _click.exceptions.UsageError) -> str:
    """The Danish wording of one of Click's usage errors, built from the exception's fields."""
    ex = _click.exceptions
    if isinstance(e, ex.MissingParameter):
        hvad = {"argument": "argumentet", "option": "tilvalget"}.get(
            e.param_type or (e.param.param_type_name if e.param else ""), "parameteren")
        return f"Mangler {hvad} {_hint(e)}."
    if isinstance(e, ex.BadParameter):
        hint = _hint(e)
        return f"Ugyldig værdi for {hint}: {_vaerdifejl(e.message)}" if hint else f"Ugyldig værdi: {_vaerdifejl(e.message)}"
    if isinstance(e, ex.NoSuchOption):
        forslag = f" Mente du {' eller '.join(sorted(e.possibilities))}?" if e.possibilities else ""
        return f"Tilvalget {e.option_name} findes ikke.{forslag}"
    if isinstance(e, ex.BadOptionUsage):
        if "requires an argument" in e.message:
            return f"Tilvalget {e.option_name} kræver en værdi."
        if "does not take a value" in e.message:
            return f"Tilvalget {e.option_name} tager ingen værdi."
        return e.message
    if m := re.fullmatch(r"Got unexpected extra argument\(s\) \((.*)\)", e.message):
        return f"Uventet ekstra argument: {m[1]}"
    if m := re.fullmatch(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?", e.message):
        return f"Kommandoen '{m[1]}' findes ikke." + (f" Mente du {m[2].replace(', ', ' eller ')}?" if m[2] else "")
    if e.message == "Missing command.":
        return "Mangler en kommando."
    return e.message


def _gamle_navne(command: _click.Command, args: list[str]) -> list[str]:
    """`--month 2024-01` and `--month=2024-01` read as `--maaned`, where the command has that option."""
    navne = {o for p in command.params for o in getattr(p, "opts", ())}
    ud = []
    for a in args:
        navn, lig, vaerdi = a.partition("=")
        nyt = GAMLE_NAVNE.get(navn)
        ud.append(nyt + lig + vaerdi if nyt in navne and navn not in navne else a)
    return ud


class _Dansk:
    """What the group and the command classes share: the usage line, the help option, the errors."""

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Brug: ")

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Vis denne hjælp og afslut."
        return option

    def format_help(self, ctx, formatter):
        _paneler()
        return super().format_help(ctx, formatter)

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, _gamle_navne(self, args))
        except _click.exceptions.NoArgsIsHelpError:
            raise
        except _click.exceptions.UsageError as e:
            _paneler()
            raise _click.exceptions.UsageError(dansk_fejl(e), e.ctx or ctx) from None


class DanskKommando(_Dansk, TyperCommand):
    def __init__(self, *args, **kwargs):
        kwargs["options_metavar"] = "[TILVALG]"
        super().__init__(*args, **kwargs)


class DanskGruppe(_Dansk, TyperGroup):
    def __init__(self, *args, **kwargs):
        kwargs["subcommand_metavar"] = kwargs.get("subcommand_metavar") or "KOMMANDO [ARGUMENTER]..."
        kwargs["options_metavar"] = "[TILVALG]"
        super().__init__(*args, **kwargs)

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except _click.exceptions.UsageError as e:
            _paneler()
            raise _click.exceptions.UsageError(dansk_fejl(e), e.ctx or ctx) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except typer.Abort:
            _paneler()  # "Afbrudt." after Ctrl+C at a prompt
            raise


class DanskTyper(typer.Typer):
    """A Typer app whose group and commands are the Danish classes above; a command registered with
    `@app.command(...)` on it (or on a sub-app made with it) gets them without saying so."""

    def __init__(self, **kwargs):
        super().__init__(cls=DanskGruppe, **kwargs)

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", DanskKommando)
        return super().command(*args, **kwargs)

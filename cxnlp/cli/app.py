"""The typer application and its one error handler.

Every command module registers on ``app``; ``cxnlp.cli`` wraps each command with :func:`guarded`,
so a failure ends as one ``error: ...`` line naming the file and what to do, with exit code 1
(2 for usage errors, from click). ``cxnlp --debug COMMAND`` shows the traceback instead.
"""

from __future__ import annotations

import re

import contextlib
import bisect
import errno
import functools
import os
import sys
import typing
import warnings
from pathlib import Path
from typing import Annotated

import typer

from ..exceptions import (
    BlankCommentWarning,
    CxnlpError,
    DuplicateColumnWarning,
    HeaderRowWarning,
    InconsistentVersionWarning,
    IndustrySkippedWarning,
    LabelTypoWarning,
    SignalSkippedWarning,
    SubHeaderRowWarning,
    UnreadDataWarning,
)
from .shell_words import shell_quote, shell_word

#: -h as well as --help, on every command: "No such option: -h" answered the first thing many users type.
#: Help texts are rich markup (``"cxnlp\\[serve]"`` escapes the brackets): typer 0.15, the oldest allowed, read them
#: as plain text unless told, and showed ``cxnlp\\[serve]`` with the backslash.
app = typer.Typer(help="Classify Spanish customer feedback and summarise NPS/CSAT/CES by theme.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, rich_markup_mode="rich",
                  context_settings={"help_option_names": ["-h", "--help"]})
_STATE = {"debug": False}
#: cxnlp's own warnings, always shown by a command (one line each, see ``_show_warning``).
CLI_WARNINGS = (LabelTypoWarning, InconsistentVersionWarning, SignalSkippedWarning, IndustrySkippedWarning,
                DuplicateColumnWarning, SubHeaderRowWarning, HeaderRowWarning, UnreadDataWarning, BlankCommentWarning)

# Library messages name Python arguments ("name it with text=...", "pool='x': expected..."); on the command line
# it is the option, and a hint for Python users is left out.
_PYTHON_TO_OPTION = {"name it with text=...": "name it with --text", "choose one with sheet=...": "choose one with --sheet",
                     " (nps=... in Python)": "", "first (Model.classify_frame or 'cxnlp classify')":
                     "first with 'cxnlp classify'", "Try pool='all'": "Try --pool all",
                     "a smaller min_size.": "a smaller --min-size.", "or use pool='general'.": "or use --pool general.",
                     "or leave weight out.": "or leave --weight out.", "Theme column (by) ": "Theme column (--by) ",
                     "which dayfirst=False (--monthfirst) rules out": "which --monthfirst rules out",
                     "' (by); give the metric another name": "' (--by); give the metric another name",
                     "n_boot must be 0 (no intervals)": "--boot must be 0 (no intervals)"}
#: A Python argument named beside its option is left out, the option kept: after it ("leave out --header-row
#: (header_row=...)", "give --by (by=)", "--base default (cxnlp.train(..., base='default'))"), inside one pair of
#: brackets with it ("(--header-row, header_row=...)", "(base=, --base)") or before it ("force=True (--force)",
#: "pool='low-confidence' (--pool low-confidence)", "weight=2 (--weight)": --weight 2). Only an argument of the
#: option's own name: a file or column named "a=b (--x)" is left as typed. An option starts where no word or dash
#: is before it: else each "--" of a long "--a--a--a..." began a match scanning to its end (quadratic).
_ARGUMENT_AFTER_OPTION = re.compile(r"(?P<option>(?<![\w-])--(?P<name>[a-z][a-z-]*)(?: [^\s()]+)?) "
                                    r"\((?:cxnlp\.\w+\(\.\.\., )?(?P<argument>[a-z_]+)="
                                    r"(?:\.\.\.|True|False|None|'[^']*')?\)?\)")
_ARGUMENT_WITH_OPTION = re.compile(r"\((?:(?P<before>[a-z_]+)=(?:\.\.\.)?, )?(?P<option>--(?P<name>[a-z][a-z-]*))"
                                   r"(?:, (?P<after>[a-z_]+)=(?:\.\.\.)?)?\)")
_ARGUMENT_BEFORE_OPTION = re.compile(r"\b(?P<argument>[a-z_]+)=(?P<value>\.\.\.|True|False|None|'[^']*'|"
                                     r"-?\d+(?:\.\d+)?(?:e[+-]\d+)?|nan|-?inf) "
                                     r"\((?P<option>--(?P<name>[a-z][a-z-]*)(?: [^\s()]+)?)\)")
#: A number setting named inside a message ("groups of at least min_size=8", "fewer than min_n=30") is the option;
#: only after those words, as the library writes it: a file or column named "nota min_n=5" is left as typed.
_INNER_NUMBER_ARGUMENT = re.compile(r"(?:(?<=at least )|(?<=fewer than ))(min_n|min_size)=(\d+)\b")
#: The pair of periods in time order, as Python writes it ("('2024-01', '2024-03')"), is --compare's two values;
#: as typed, a period may hold a quote, which repr() writes between double quotes ("Q3 '24").
_PERIOD_PAIR = re.compile(r"""(?<=give them in time order: )\((?:'([^']*)'|"([^"]*)"), (?:'([^']*)'|"([^"]*)")\)""")
#: A message that opens with an argument and its value ("by='touchpoints' needs...") opens with the option.
_LEADING_ARGUMENT = re.compile(r"(by|pool|period|industry|where|date|sheet|lang|text|min_n|min_size|base|weight)="
                               r"(?=[\"'(\[]|None\b|(?:-?\d+(?:\.\d+)?|nan|-?inf)[:;,.]? |-?\d+\.\.\. \()")  # a value as
#: repr() shows it, or shown_value over 80 characters
#: ... and one that opens with an argument's name ("period 'year' is not known", "by must name ..."): only these
#: messages, by their fixed wording, so that a file name or a value opening a message is never rewritten, and the
#: messages the pair of --compare and --changes also raises ("period 'x' is not a period label", "period must be
#: ... or a pair") are left as they are rather than blaming --period (review E 2).
#: A value over 80 characters is quoted to 80 with its length (``exceptions.shown_value``): "'monthhh...'... (90
#: characters) is not known" named no --period.
_QUOTED = r"""(?:'[^']*'|"[^"]*")"""
_SHOWN = rf"{_QUOTED}(?:\.\.\. \([0-9]+ characters\))?"
_LEADING_NAME = re.compile(rf"(period) (?={_SHOWN} is not known; expected one of )|(by) (?=must name one or more "
                           rf"columns, |names {_QUOTED} [0-9]+ times[ ;])|(lang) (?={_SHOWN} is not supported; "
                           rf"expected )")
#: A column not found by the name an option gave ("NPS column 'x' not found", "date column 'x' matches 2 columns",
#: "Industry column 'x' appears 2 times": ``columns.find_column``) names that option, as "Theme column (--by)" does.
_COLUMN_OPTIONS = {"text": "--text", "nps": "--nps", "csat": "--csat", "ces": "--ces", "date": "--date",
                   "industry": "--industry-column"}
_NAMED_COLUMN = re.compile(r"^(Text|NPS|CSAT|CES|[Dd]ate|[Ii]ndustry) column "
                           r"(?=['\"].*?['\"](?:\.\.\. \([0-9]+ characters\))? (?:not found; |matches \d+ columns "
                           r"|appears \d+ times ))")
#: The value to give instead of a ``by`` that names a column twice ("give it once: by='touchpoints'") is --by's.
_BY_ONCE = re.compile(r"""(?<=; give it once: )by=(?:'([^']*)'|"([^"]*)")(?=\.$)""")


def cli_wording(message: str) -> str:
    """A library message as the command line says it: options where the library names Python arguments."""
    for python, option in _PYTHON_TO_OPTION.items():
        message = message.replace(python, option)
    message = _option_beside_argument(message)
    message = _NAMED_COLUMN.sub(lambda m: f"{m[0]}({_COLUMN_OPTIONS[m[1].lower()]}) ", message, count=1)
    message = _BY_ONCE.sub(lambda m: f"--by {shell_quote(m[1] or m[2] or '')}", message)
    message = _INNER_NUMBER_ARGUMENT.sub(lambda m: f"--{m.group(1).replace('_', '-')} {m.group(2)}", message)
    message = _PERIOD_PAIR.sub(lambda m: f"--compare {shell_quote(m[1] or m[2] or '')} "
                                         f"{shell_quote(m[3] or m[4] or '')}", message)
    if _LEADING_ARGUMENT.match(message):
        return _LEADING_ARGUMENT.sub(lambda m: "--" + m.group(1).replace("_", "-") + " ", message, count=1)
    found = _LEADING_NAME.match(message)
    return f"--{found.group(found.lastindex)} {message[found.end():]}" if found else message


def _option_beside_argument(message: str) -> str:
    """``message`` with each Python argument named beside its own option left out (``_ARGUMENT_AFTER_OPTION``)."""
    def own(argument: str | None, match: re.Match) -> bool:
        return argument is None or argument.replace("_", "-") == match["name"]

    def option(match: re.Match) -> str:
        return match["option"] if own(match["argument"], match) else match[0]

    def bracketed(match: re.Match) -> str:
        given = match["before"] or match["after"]
        return f"({match['option']})" if given and own(match["before"], match) and own(match["after"], match) \
            else match[0]

    def typed(match: re.Match) -> str:
        if not own(match["argument"], match):
            return match[0]
        number = match["value"][0] not in ".TFN'"  # (a number as f"{x:g}" writes it: 2, 1e-05, inf)
        return f"{match['option']} {match['value']}" if number and match["option"] == f"--{match['name']}" \
            else match["option"]

    for pattern, replace in ((_ARGUMENT_AFTER_OPTION, option), (_ARGUMENT_WITH_OPTION, bracketed),
                             (_ARGUMENT_BEFORE_OPTION, typed)):
        quoted = [span.span() for span in _QUOTED_VALUE.finditer(message)]
        message = pattern.sub(lambda m: m[0] if _within(m.start(), quoted) else replace(m), message)
    return message


#: a value the message quotes as repr() does ('weight=2 (--weight)', a column or file named so): left as typed; an
#: apostrophe after a letter ("the column's") opens none
_QUOTED_VALUE = re.compile(r"""(?<!\w)(?:'[^']*'|"[^"]*")""")


def _within(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``position`` falls inside one of ``spans`` (in order, apart), past its opening quote."""
    at = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return at >= 0 and spans[at][0] < position < spans[at][1]


def _print_version(asked: bool) -> None:
    if asked:
        from .. import __version__

        typer.echo(f"cxnlp {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", envvar="CXNLP_DEBUG",
                                        help="Show the full traceback when a command fails.")] = False,
    version: Annotated[bool, typer.Option("--version", "-V", callback=_print_version, is_eager=True,
                                          help="Print the installed cxnlp's version and exit.")] = False,
) -> None:
    _STATE["debug"] = debug


def _color(color: str) -> str | None:
    """``color``, or none where the user asked for none (``NO_COLOR``, https://no-color.org; ``TERM=dumb``)."""
    import os

    return None if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb" else color


def plain_help_where_asked() -> None:
    """No escape code at all in help pages and usage errors where the user asked for no colour: typer draws them
    with rich, which for ``NO_COLOR`` drops the colours only, and still sent bold and dim. Called once per process
    (``cxnlp.cli.main``), before click parses the command line."""
    if _color("on") is None:
        from typer import rich_utils

        rich_utils.COLOR_SYSTEM = None  # (typer's switch: rich then renders text without any style)


class CxnlpCommand(typer.core.TyperCommand):
    """A cxnlp command, whose values are checked as typed before typer converts them. A path given as '' is refused
    as click's own usage errors are (its usage line, exit code 2): typer reads it as Path(''), the working folder,
    so that ``cxnlp train --data "$LABELS"`` with the variable unset trained on every file of the folder, and
    ``cxnlp summarize "$IN" -o ""`` named the folder, not what was typed. Its arguments are named as its help's
    text names them, INPUT (``collect_usage_pieces``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.param_type_name == "argument" and param.metavar is None:
                param.metavar = param.name.upper()  # the help panel and errors named it 'input'

    def collect_usage_pieces(self, ctx) -> list[str]:
        """The usage line as click writes it, ``[OPTIONS] INPUT`` (``[INPUT]`` when optional): typer writes a required
        argument ``{input}``, which reads as a placeholder left unfilled."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar + ("..." if param.nargs != 1 else "")
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:  # (the parser consumes the list it is given: a copy)
            values, _, order = self.make_parser(ctx).parse_args(args=list(args))
            helped = any(param.param_type_name == "option" and set(param.opts) & set(ctx.help_option_names)
                         for param in order)  # -h/--help answers first, as click's own (eager) help does
            if not helped:
                self.check_typed(ctx, values, order, args)
        return super().parse_args(ctx, args)

    def check_typed(self, ctx, values: dict, order: list, args: list[str]) -> None:
        """``ctx.fail`` for a value the command refuses as typed: ``values`` by name, ``order`` the parameters given."""
        for param in dict.fromkeys(order):
            given = values.get(param.name)
            path = _takes_path(param) or (ctx.command.name, param.name) == ("train", "base")
            if path and "" in (given if isinstance(given, list) else [given]):
                shown = param.opts[0] if param.param_type_name == "option" else param.name.upper()
                folder = param.name in _FOLDER_PARAMETERS or (ctx.command.name, param.name) == ("train", "data")
                ctx.fail(f"{shown} was given an empty path (''), as an unset shell variable gives; give the "
                         + ("path ('.' for this folder)." if folder else "file's path."))
        for param in dict.fromkeys(order):
            times = order.count(param)
            if times > 1 and param.param_type_name == "option" and not (param.multiple or param.is_flag):
                ctx.fail(self.repeated_message(param, times, args))

    def repeated_message(self, param, times: int, args: list[str]) -> str:
        """What to say when ``param``, which takes one value, was given ``times`` times: click keeps the last value
        without a word, so that ``classify IN -o a.csv -o b.parquet`` wrote b.parquet alone and ``--nps A --nps B``
        summarised B."""
        return f"{'/'.join(param.opts)} was given {times} times, and only the last would be read; give it once."


#: the path parameters that may name a folder (train's --data too), for which '.' is the working folder: the others
#: (an input, -o, --html, --export, --labels-file) must name a file. train's --base is text ('default' or a path),
#: its empty value refused as a path's.
_FOLDER_PARAMETERS = frozenset({"model", "models", "out", "project", "base"})


def _takes_path(param) -> bool:
    """Whether the command-line parameter ``param`` takes paths. Typer 0.2x keeps the annotation as
    ``type_descriptor``; older typers, down to the 0.15.4 that pyproject.toml allows, have no such attribute (every
    command was an AttributeError traceback there) and give a path parameter click's ``Path`` type, or, in typer
    0.26-0.28 (click copied into typer), typer's own ``TyperPath``, no click ``Path``: every empty path was read as '.'."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None:
        return _holds_path(descriptor.annotation)
    return any(kind.__name__ in ("Path", "TyperPath") and kind.__module__.partition(".")[0] in ("click", "typer")
               for kind in type(getattr(param, "type", None)).__mro__)


def _holds_path(annotation) -> bool:
    """Whether a parameter annotated ``annotation`` takes paths (``Path``, ``Optional[Path]``, ``list[Path]``)."""
    return annotation is Path or any(_holds_path(inner) for inner in typing.get_args(annotation))


class OneByCommand(CxnlpCommand):
    """A command with ``--by``, which, as every option of one value, may be given once: ``--by País --by touchpoints``
    summarised by touchpoints alone, without a word. Its message says that themes combine in one ``--by`` with
    commas, or, where every ``--by`` named the same theme, that one is enough."""

    def repeated_message(self, param, times: int, args: list[str]) -> str:
        if param.name == "by":
            return _repeated_by_message(times, _by_values(args))
        return super().repeated_message(param, times, args)


def _repeated_by_message(times: int, typed: list[str]) -> str:
    """What to say when ``--by`` was given ``times`` times, ``typed`` the values read from the command line; the
    ``--by`` it suggests is quoted as a shell reads it, so that "Canal de compra" pasted stays one value."""
    distinct = list(dict.fromkeys(typed)) if len(typed) == times else ["areas", "sentiment"]
    if len(distinct) == 1:
        by = f"--by {shell_word(distinct[0])}"
        return f"{by} was given {times} times; give it once: {by}."
    return (f"--by was given {times} times, and only one is read; to combine themes, give them in one --by, "
            f"separated by commas: --by {shell_word(','.join(distinct))}.")


def _by_values(args: list[str]) -> list[str]:
    """The values given to ``--by``/``-b`` in ``args`` as typed (``--by x``, ``--by=x``, ``-b x``, ``-bx``)."""
    values = []
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("--by", "-b") and i + 1 < len(args):
            values.append(args[i + 1])
        elif arg.startswith(("--by=", "-b")) and arg not in ("--by", "-b"):
            values.append(arg.split("=", 1)[1] if arg.startswith("--by=") else arg[2:])
    return values


def fail(err: Exception | str) -> None:
    """Print ``error: ...`` and exit 1; with --debug, raise ``err`` so its traceback shows."""
    if _STATE["debug"] and isinstance(err, Exception):
        raise err
    _say(f"error: {cli_wording(str(err))}", typer.colors.RED)
    raise typer.Exit(code=1)


def say_warning(line: str) -> None:
    """A ``warning: ...`` line a command writes itself, said as Python's warnings are (``_show_warning``): yellow on
    a terminal. Echoed plain, it stood apart from those of the same command."""
    _say(line, typer.colors.YELLOW)


def _say(line: str, color: str) -> None:
    """``line`` on stderr in ``color``, or plain where the user asked for no colour: ``secho`` without a colour still
    ends the line with a reset code (ESC[0m) on a terminal."""
    from .options import visible

    line = visible(line)  # (errors and warnings quote the files' cells)
    if _color(color) is None:
        typer.echo(line, err=True)
    else:
        typer.secho(line, fg=color, err=True)


def describe(err: Exception) -> str:
    """One line for an error that is not a ``CxnlpError``: the file if known, and what to do."""
    if isinstance(err, ImportError):  # an optional extra is missing; our messages name what to install
        return str(err)
    if isinstance(err, OSError):
        where = f"{err.filename}: " if err.filename else ""
        if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):  # (no path or permission to check)
            return f"{where}{err.strerror}; free some space, or write elsewhere (--debug shows the traceback)."
        return f"{where}{err.strerror or err}; check the path and its permissions (--debug shows the traceback)."
    if isinstance(err, MemoryError):
        return "out of memory; split the file, or use fewer --jobs."
    return f"unexpected {type(err).__name__}: {err}. Rerun with --debug to see where, and please report it."


def _click_exceptions() -> tuple[type[BaseException], ...]:
    """Exceptions click handles itself (usage errors exit 2 with the usage line). Typer 0.29 and later
    carry their own copy of click, so its classes are found through ``typer.BadParameter``."""
    import click

    found = {typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.Abort, click.ClickException}
    found |= {cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException"}
    return tuple(found)


def guarded(command):
    """``command`` with every exception turned into one ``error:`` line and exit code 1."""
    passed_through = _click_exceptions()

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            with warnings.catch_warnings():
                warnings.showwarning = _show_warning(set())
                if not _STATE["debug"]:  # a library's notice of its own future changes: nothing a user can act on
                    warnings.simplefilter("ignore", FutureWarning)
                    warnings.simplefilter("ignore", DeprecationWarning)
                for category in CLI_WARNINGS:  # what the user must see, whatever filters Python runs with
                    warnings.simplefilter("default", category)
                return command(*args, **kwargs)
        except passed_through:
            raise
        except BrokenPipeError:  # `cxnlp summarize ... | head`: the reader left; say nothing more to it
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(code=1) from None
        except Exception as err:
            if _STATE["debug"]:
                raise
            fail(err if isinstance(err, CxnlpError) else describe(err))

    return run


def _show_warning(shown: set):
    """Warnings as one ``warning: ...`` line each on stderr, without Python's source line, each message once
    (the same file can be read twice in one command)."""
    def show(message, category, filename, lineno, file=None, line=None):
        text = cli_wording(str(message))
        if text not in shown:
            shown.add(text)
            _say(f"warning: {text}", typer.colors.YELLOW)
    return show

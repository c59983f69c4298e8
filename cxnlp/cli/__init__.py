"""The ``cxnlp`` command: a thin typer layer over the library.

One module per command group registers its commands on :data:`app`; each command parses its
arguments, calls one library function (most live in ``cxnlp.batch``) and prints the result. Every
command is wrapped by the one error handler, :func:`cxnlp.cli.app.guarded`: a failure ends as one
``error: ...`` line with exit code 1 (2 for usage errors); ``cxnlp --debug COMMAND`` shows the
traceback. To add a command group, write ``cxnlp/cli/<group>.py`` with ``@app.command()``
functions and name the module in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .. import _mpl_home
from .app import CxnlpCommand, app, guarded, plain_help_where_asked

#: command modules, in the order their commands are listed by ``cxnlp --help``
COMMAND_MODULES = ("classify", "metrics", "insights", "discover", "model", "serve", "docs")

for _module in COMMAND_MODULES:
    importlib.import_module(f".{_module}", __name__)



def _paths_read_by_cxnlp(callback) -> None:
    """Typer checks that a path given to a command can be read (``readable=True`` by default) and refuses one that
    cannot as a usage error: exit code 2 and a box saying nothing of what to do, where a missing file, or one in a
    locked folder, is an ``error:`` line with exit code 1. cxnlp reads (and checks) every path itself."""
    import typing

    import typer

    hints = typing.get_type_hints(callback, include_extras=True)
    for hint in hints.values():
        for info in getattr(hint, "__metadata__", ()):
            if isinstance(info, typer.models.ParameterInfo):
                info.readable = False
    callback.__annotations__ = hints  # typer evaluates annotations written as text anew: it reads these objects


for _command in app.registered_commands:
    if not issubclass(_command.cls, CxnlpCommand):  # each value checked as typed (an empty path)
        _command.cls = CxnlpCommand
    _paths_read_by_cxnlp(_command.callback)
    _command.callback = guarded(_command.callback)


def main() -> None:
    _printable_streams()
    _width_zero_unknown()
    plain_help_where_asked()
    _plain_usage_errors_off_a_terminal()
    _mpl_home.AS_COMMAND = True  # matplotlib's files in cxnlp's cache, once a chart is drawn
    app()


def _printable_streams() -> None:
    """On a console that is not UTF-8 (Windows' cp1252 when the output is redirected, cp850, latin-1), a
    character it cannot show (↑ ≠ … in the tables, an accented help text) becomes '?' instead of ending the
    command with UnicodeEncodeError after its files were written."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf8sig") and getattr(stream, "errors", None) == "strict" \
                and hasattr(stream, "reconfigure"):  # a handler the user chose (PYTHONIOENCODING=...:x) is kept
            stream.reconfigure(errors="replace")


def _width_zero_unknown() -> None:
    """``COLUMNS=0``, as set where no terminal has a width (``docker exec`` without ``-t``, some CI runners), drew every
    help page empty, with exit code 0: rich takes any number as the width. Zero is read as unset (rich then measures
    the terminal, else takes 80 columns)."""
    import os

    value = os.environ.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) == 0:
        del os.environ["COLUMNS"]


def _plain_usage_errors_off_a_terminal() -> None:
    """A usage error as click writes it, its message on one line (``Error: Missing option '--output' / '-o'.``),
    where stderr is no terminal (a log, a pipe, a CI job): typer draws it in a box as wide as ``COLUMNS`` (80 when
    unknown), which cut a longer message over lines between box characters ("... greater than or equal to │",
    "│ 1"), so that a script's ``grep`` of the message found nothing. On a terminal the box stays."""
    from rich.console import Console
    from typer import rich_utils

    boxed = rich_utils.rich_format_error
    if getattr(boxed, "plain_off_a_terminal", False):  # (once per process)
        return

    def plain_off_a_terminal(error) -> None:
        if Console(stderr=True).is_terminal or type(error).__name__ == "NoArgsIsHelpError":
            boxed(error)  # (a command given no arguments shows its help, which typer draws)
        else:
            error.show()

    plain_off_a_terminal.plain_off_a_terminal = True
    rich_utils.rich_format_error = plain_off_a_terminal


__all__ = ["app", "main"]

"""The service's settings checked as ``create_app``, ``run`` and ``app_from_env`` read them (the Host names it
answers to, the API key, the limits, on/off switches): kept apart from ``serve``, which builds and runs the app, so
that each setting is checked in one place, whichever way it was given."""

from __future__ import annotations

import ipaddress
import numbers
import os
import re
from collections.abc import Iterable
from decimal import Decimal

from .exceptions import ConfigError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def allowed_host_names(extra: Iterable[str] | str = (), *, local: bool = True) -> list[str]:
    """The ``Host`` names the service answers to: the local ones (unless not ``local``) and ``extra`` (a list, or
    names separated by commas as ``$CXNLP_ALLOWED_HOSTS`` holds them), an IPv6 address in brackets as a Host header
    writes it, lowercased and without one trailing dot as ``host_name`` reads a Host ('cx.example.org.' is
    'cx.example.org'). A pattern that cannot match ('a*b') is a ``ConfigError``."""
    if not isinstance(extra, (str, Iterable)) or isinstance(extra, (bytes, bytearray)):  # (123: a TypeError traceback)
        raise ConfigError(f"allowed hosts are names (str), or names separated by commas; got "
                          f"{type(extra).__name__}: {extra!r}.")
    names = extra.split(",") if isinstance(extra, str) else list(extra)
    hosts = []
    for name in (*(LOCAL_HOSTS if local else ()), *names):
        if not isinstance(name, str):
            raise ConfigError(f"allowed hosts are names (str), got {type(name).__name__}: {name!r}.")
        name = name.strip().lower()
        bare = name[1:-1] if name.startswith("[") and name.endswith("]") else name
        if ":" in name or "/" in name:
            try:  # an IPv6 address, in brackets as a Host header writes it
                name = f"[{ipaddress.IPv6Address(bare).compressed}]"
            except ValueError:  # 'cx.example.org:8443', '10.0.0.7:8000', 'http://...': silently never matched before
                shown = bare.split("://")[-1].split("/")[0]
                shown = shown.rsplit(":", 1)[0] if shown.count(":") == 1 or shown.startswith("[") else shown
                raise ConfigError(f"allowed host {name!r}: give the name alone, without a port or scheme "
                                  f"({shown!r}); the Host is compared without its port.") from None
        if name.endswith(".") and not name.startswith("["):  # 'cx.example.org.': as host_name reads the Host
            name = name[:-1]
        if "*" in name[1:] or (name.startswith("*") and name != "*" and not name.startswith("*.")):
            raise ConfigError(f"allowed host {name!r}: a wildcard is '*' alone or begins a name ('*.example.org').")
        if name and name not in hosts:
            hosts.append(name)
    return hosts


def given_names(allowed_hosts):
    """``allowed_hosts`` read once: a generator of names, read once per check, gave none the second time (the Host
    check of an app with a key was then dropped, and any Host answered)."""
    plain = isinstance(allowed_hosts, (str, bytes, bytearray)) or not isinstance(allowed_hosts, Iterable)
    return allowed_hosts if plain else list(allowed_hosts)


def checked_key(key: str | None) -> str | None:
    """The API key without surrounding whitespace (a key read from a secrets file ends in a newline, which no
    header can carry: every request was refused); None or "" for no key; one of only spaces is an error, and so is
    one that is not a str (bytes read from a secrets file were a plain-text 500 on every request), named by its type
    alone: a key is never shown."""
    if key is None or key == "":
        return None
    if not isinstance(key, str):
        raise ConfigError(f"the API key must be text (str), got {type(key).__name__}; decode bytes read from a file.")
    if not key.strip():
        raise ConfigError("the API key is only whitespace; give a real key, or none to turn the check off.")
    return key.strip()


def env_setting(name: str, check) -> str:
    """The variable ``name`` ("" when unset), checked by ``check`` (``checked_key``, ``allowed_host_names``): its
    error names the variable, which no message did (an operator looked for an option never typed), never its value
    (a key is never shown)."""
    raw = os.environ.get(name, "")
    try:
        check(raw)
    except ConfigError as err:
        raise ConfigError(f"${name}: {err}") from None
    return raw


def check_limits(**limits) -> None:
    """Each of ``limits`` (a name and its value) is a whole number >= 1, or a ``ConfigError`` names it."""
    # numbers.Integral: a NumPy integer (a limit read from a table) is a whole number too
    for name, value in limits.items():
        if not (isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 1):
            raise ConfigError(f"{name} must be a whole number >= 1, got {value!r}.")


def limit_text(value: int) -> str:
    """A limit in digits, as ``run`` passes it to its workers' environment: ``str`` writes no int of more than 4,300
    digits (``sys.get_int_max_str_digits``), and ``run(max_body_bytes=10**5000)`` was a ValueError traceback."""
    return str(Decimal(int(value)))


def read_limit(raw: str) -> int:
    """The limit ``raw`` (an environment variable) gives as ``int`` reads it, or in more digits than ``int`` reads
    (what ``limit_text`` writes); 0 for any other text."""
    try:
        return int(raw)
    except ValueError:
        return int(Decimal(raw.strip())) if re.fullmatch(r"[0-9]+", raw.strip()) else 0


def checked_switch(name: str, value) -> bool:
    """An on/off setting given in Python: True or False (a NumPy boolean, 0 or 1 too); any other value is a
    ``ConfigError``: ``log_texts="false"``, a string from a config file, was true, and every text was logged."""
    if isinstance(value, str) or value not in (0, 1):
        raise ConfigError(f"{name} must be True or False, got {value!r}.")
    return bool(value)


def env_switch(name: str) -> bool:
    """An on/off environment variable; any other value is an error (``on`` was read as off: no texts were logged)."""
    raw = os.environ.get(name, "")
    value = raw.strip().lower()
    if value not in ("1", "true", "yes", "on", "0", "false", "no", "off", ""):
        raise ConfigError(f"${name} must be 1 or 0 (or true/yes/on, false/no/off), got {raw!r}.")
    return value in ("1", "true", "yes", "on")

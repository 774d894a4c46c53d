"""Completing names without Typer: the common cases of tab completion, answered fast.

A shell asks for completions at every tab, so the answer must come quicker
than a command starts (benchmarks/bench_startup.py: at most the floor of
``import typer, rich.table, sqlite3``). Building the Typer app and its
click command costs more than that, so the cases people tab most -- a
company, a model, a stance or a kind, as the value of an option or as a
command's first argument -- are answered here from a small table of which
command completes what (``VALUE_OPTIONS``, ``COMPANY_ARGUMENT``). Anything
else (command names, option names, groups, anything unsure) returns None
and Typer answers as usual. tests/cli/test_complete_fast.py holds every
case here to Typer's own answer.

Nothing here imports typer or rich. Values holding spaces are quoted for
bash (zsh and fish quote what they insert themselves); ``shell_quoted``
is shared with the Typer path (cli/complete.py).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence

# Option -> (what it completes, the commands that have it).
_COMPANY_OPTION = frozenset({"add", "search", "export", "alias add", "alias remove"})
VALUE_OPTIONS: dict[str, tuple[str, frozenset[str]]] = {
    "--company": ("company", _COMPANY_OPTION),
    "-c": ("company", _COMPANY_OPTION),
    "--model": ("model", frozenset({"add", "timeline"})),
    "-m": ("model", frozenset({"add", "timeline"})),
    "--stance": ("stance", frozenset({"add"})),
    "--kind": ("kind", frozenset({"add", "timeline", "status", "changes"})),
    "-k": ("kind", frozenset({"add", "timeline", "status", "changes"})),
}
# Commands whose arguments are companies: how many (None: any number).
COMPANY_ARGUMENT: dict[str, int | None] = {"timeline": 1, "models": 1, "status": None, "alias list": 1}
GROUPS = frozenset({"alias", "db"})

_SAFE = re.compile(r"[^\w@%+=:,./-]")


def split_words(line: str) -> list[str]:
    """Split a command line as click does for completion (an open quote ends the last word)."""
    import shlex

    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def _raw_last_word(line: str) -> str:
    """The last word of ``line`` as typed, quotes and backslashes included."""
    start, quote, escaped = 0, "", False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in " \t\n":
            start = index + 1
    return line[start:]


def shell_quoted(values: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    """``values`` as bash must insert them: quoted like the word being typed, else escaped.

    Other shells get them as they are: zsh's ``_arguments`` and fish quote
    what they insert.
    """
    env = os.environ if environ is None else environ
    if env.get("_OPENWATCH_COMPLETE") != "complete_bash":
        return values
    raw = _raw_last_word(_bash_line(env))
    if raw.startswith('"'):
        return ['"' + re.sub(r'(["\\$`])', r"\\\1", value) + '"' for value in values]
    if raw.startswith("'"):
        return ["'" + value.replace("'", "'\\''") + "'" for value in values]
    return [_SAFE.sub(lambda m: "\\" + m.group(), value) for value in values]


def _bash_line(env: Mapping[str, str]) -> str:
    """The words up to the one being typed (bash joins COMP_WORDS with newlines in Typer's script)."""
    text = env.get("COMP_WORDS", "")
    upto = int(env.get("COMP_CWORD", "0") or 0)
    if "\n" in text:
        return " ".join(text.split("\n")[: upto + 1])
    return text


def _typed(env: Mapping[str, str], shell: str) -> tuple[list[str], str]:
    """(the words before the one being typed, without the program; the word being typed)."""
    if shell == "bash":
        words = split_words(env.get("COMP_WORDS", ""))
        upto = int(env.get("COMP_CWORD", "0") or 0)
        return words[1:upto], words[upto] if upto < len(words) else ""
    line = env.get("_TYPER_COMPLETE_ARGS", "")
    words = split_words(line)[1:]
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _what(args: Sequence[str], incomplete: str) -> tuple[str, str | None] | None:
    """(what to complete, the company typed) for the cases this module knows; None otherwise."""
    if not args or args[0].startswith("-") or incomplete.startswith("-"):
        return None
    command, rest = args[0], list(args[1:])
    if command in GROUPS:
        if not rest or rest[0].startswith("-"):
            return None
        command, rest = f"{command} {rest[0]}", rest[1:]
    previous = rest[-1] if rest else None
    if previous is not None and previous.startswith("-"):
        target = VALUE_OPTIONS.get(previous)
        if target is None or command not in target[1]:
            return None
        return target[0], _company_typed(command, rest[:-1])
    if command in COMPANY_ARGUMENT and all(not word.startswith("-") for word in rest):
        most = COMPANY_ARGUMENT[command]
        if most is None or len(rest) < most:
            return "company", None
    return None


def _company_typed(command: str, rest: list[str]) -> str | None:
    """The company already on the command line: --company's value, else a first argument."""
    for index, word in enumerate(rest[:-1]):
        if word in ("--company", "-c"):
            value = rest[index + 1]
            return value if value.strip() else None
    if command in COMPANY_ARGUMENT and rest and not rest[0].startswith("-"):
        return rest[0]
    return None


def matching(choices: list[str], incomplete: str) -> list[str]:
    """The choices that start with what was typed, ignoring case, each once."""
    typed = incomplete.casefold()
    seen: set[str] = set()
    found = []
    for choice in choices:
        key = choice.casefold()
        if key.startswith(typed) and key not in seen:
            seen.add(key)
            found.append(choice)
    return found


def _choices(what: str, company: str | None, db: str | None) -> list[str]:
    if what == "stance":
        from openwatch.core.claim import Stance

        return [s.value for s in Stance]
    if what == "kind":
        from openwatch.core.claim import Kind

        return [k.value for k in Kind]
    from openwatch.api.files import completion_choices

    return completion_choices(db, models=what == "model", company=company)


def _db_option(args: Sequence[str]) -> str | None:
    for index, word in enumerate(args):
        if word == "--db" and index + 1 < len(args):
            return args[index + 1]
        if word.startswith("--db="):
            return word.removeprefix("--db=")
    return None


def _zsh_escape(text: str) -> str:
    return text.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")


def complete_fast(environ: Mapping[str, str] | None = None) -> int | None:
    """Answer a completion request as Typer would, and return the exit code; None: let Typer answer."""
    env = os.environ if environ is None else environ
    shell = env.get("_OPENWATCH_COMPLETE", "").removeprefix("complete_")
    if shell not in ("bash", "zsh", "fish"):
        return None
    if shell == "fish" and env.get("_TYPER_COMPLETE_FISH_ACTION") not in ("get-args", "is-args"):
        return None
    args, incomplete = _typed(env, shell)
    found = _what(args, incomplete)
    if found is None:
        return None
    what, company = found
    values = matching(_choices(what, company, _db_option(args)), incomplete)
    if shell == "bash":
        output = "\n".join(shell_quoted(values, env))
    elif shell == "zsh":
        items = "\n".join(f'"{_zsh_escape(value)}"' for value in values)
        output = f"_arguments '*: :(({items}))'" if values else "_files"
    else:
        if env.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
            return 0 if values else 1
        output = "\n".join(values)
    if output:
        sys.stdout.write(output + "\n")
    return 0

"""Reading a YAML file someone handed us (a profile to import or recommend on): small, flat, no aliases.

``yaml.safe_load`` is safe from code execution but not from size: a 476-byte "billion laughs" file
expands to 43 million strings once anything walks it (pydantic, an error message), and a 200,000-digit
integer raises Python's int-conversion limit as a bare ValueError. ``read_yaml`` refuses anchors and
aliases while composing (before any value exists), caps the file size, and turns every failure into one
``CliError`` sentence naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.cli.common import CliError

MAX_BYTES = 1_000_000  # a profile is a few hundred bytes


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that stops at the first anchor or alias: profiles never need them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name, *name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def parse_yaml(text: str) -> Any:
    """Parse untrusted YAML text; raises yaml.YAMLError (aliases) or ValueError (over-long numbers)."""
    return yaml.load(text, Loader=_NoAliasLoader)


def read_yaml(path: Path, max_bytes: int = MAX_BYTES) -> Any:
    """The file's YAML document, or CliError with one sentence saying what is wrong with it."""
    try:
        if path.stat().st_size > max_bytes:
            raise CliError(f"{path}: is larger than {max_bytes:,} bytes; a profile is a few lines of YAML")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise CliError(f"{path}: cannot be read ({e.__class__.__name__})") from None
    try:
        return parse_yaml(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or "syntax error"
        raise CliError(f"{path}: is not valid YAML{where}: {problem}") from None
    except ValueError as e:  # int('9' * 200_000): Python refuses numbers over 4,300 digits
        if "digits" in str(e):
            raise CliError(f"{path}: holds a number with more than 4,300 digits; no profile field needs one") from None
        raise CliError(f"{path}: holds a value that cannot be read ({str(e)[:100]})") from None
    except RecursionError:
        raise CliError(f"{path}: is nested too deeply") from None

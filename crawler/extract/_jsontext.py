r"""Parse the text of one JSON-LD block, tolerating template wrappers only.

Tolerated, because they are wrappers outside the JSON value rather than faults
in it: whitespace, HTML comment markers (``<!-- ... -->``), CDATA wrappers
(``//<![CDATA[ ... //]]>``, ``/*<![CDATA[*/ ... /*]]>*/``), JavaScript comments
before or after the value, raw control characters inside strings, and a block
written with HTML entities (``{&quot;@context&quot;: ...}``). Anything inside
the value that is not JSON (comments, trailing commas, stray quotes or braces,
``\'`` escapes, ``NaN``) is a fault: repairing it would hide the very defect
the screening has to report (rule CORE-JSONLD-01).
"""

from __future__ import annotations

import html
import json
import re

# Wrapper noise around the JSON value. Order matters: the CDATA markers written
# as JS comments must win over a plain "//" comment, which would otherwise
# swallow a one-line "//<![CDATA[{...}" block.
_NOISE = re.compile(
    r"""(?:
        \s+
      | //[ \t]*<!\[CDATA\[ | //[ \t]*\]\]>
      | /\*.*?\*/
      | <!--[^{\[]*?-->
      | <!-- | --> | <!\[CDATA\[ | \]\]>
      | //[^\n]*
    )*""",
    re.VERBOSE | re.DOTALL,
)
# Strings are matched whole, so a NaN / Infinity found is one outside a string.
_NON_FINITE = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)', re.DOTALL)


class SyntaxProblem(ValueError):
    """A block that is not JSON, with the offset of the fault in the block."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _NonFiniteConstant(Exception):
    """A NaN or Infinity literal, which Python's json reads and JSON forbids."""


def _refuse_constant(name: str) -> object:
    """Refuse NaN / Infinity: a rule comparing NaN finds it neither big nor small."""
    raise _NonFiniteConstant(name)


_DECODER = json.JSONDecoder(strict=False, parse_constant=_refuse_constant)


def parse(text: str) -> object:
    """Parse a block as written, else as a block that a CMS wrote with entities.

    Args:
        text: the block's text.

    Returns:
        The parsed value, or None when the block holds nothing but wrappers.

    Raises:
        SyntaxProblem: the fault of the block as written.
    """
    try:
        return _loads(text)
    except SyntaxProblem as problem:
        if "&" not in text:
            raise
        try:
            return _loads(html.unescape(text))
        except SyntaxProblem:
            # Report the fault of the text as written: that is what the page shows.
            raise problem from None


def _loads(text: str) -> object:
    """Parse one JSON value wrapped in tolerated noise (None when empty)."""
    start = _skip_noise(text, 0)
    if start == len(text):
        return None
    try:
        data, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as error:
        raise SyntaxProblem(error.msg, error.pos) from None
    except _NonFiniteConstant as error:
        offset = _constant_offset(text, start)
        raise SyntaxProblem(f"{error} is not a JSON value", offset) from None
    except RecursionError:  # thousands of nested arrays: hostile or broken
        raise SyntaxProblem("JSON nested too deeply to read", start) from None
    trailing = _skip_noise(text, end)
    if trailing != len(text):
        raise SyntaxProblem("Extra data after the JSON value", trailing)
    return data


def _skip_noise(text: str, pos: int) -> int:
    """Return the offset of the first character after the noise at ``pos``."""
    match = _NOISE.match(text, pos)
    return pos if match is None else match.end()


def _constant_offset(text: str, start: int) -> int:
    """Return the offset of the first NaN / Infinity literal outside a string."""
    for match in _NON_FINITE.finditer(text, start):
        if match.group(1):
            return match.start(1)
    return start

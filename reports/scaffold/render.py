r"""Render the scaffold's files with Jinja2 templates, bundled or the user's.

The templates get the JSON-LD blocks as data and place them with the
``script_json`` filter, which serialises with :func:`json.dumps` and escapes
``<``, ``>`` and ``&`` as JSON ``\u`` escapes: the text inside
``<script type="application/ld+json">`` can then never close the script
element (``</script>``) or open a comment, whatever a cell said, and it stays
valid JSON that parses to the same value. Everything else is autoescaped.
A user's template directory (``--templates DIR``) overrides bundled
templates of the same file name; the others stay bundled.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
)
from markupsafe import Markup

__all__ = ["TEMPLATES", "TemplateProblem", "Templates", "script_json", "to_json"]

TEMPLATES = ("snippet.html.j2", "product.html.j2", "index.html.j2")
"""The template file names a ``--templates`` directory may override."""

_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


class TemplateProblem(ValueError):
    """A template cannot be loaded or rendered; the message says which and why."""


def to_json(value: Any) -> str:
    """Return ``value`` as indented JSON, non-ASCII kept as is."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def script_json(value: Any) -> Markup:
    r"""Return ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where their
    ``\u`` escapes mean the same characters.
    """
    return Markup(to_json(value).translate(_SCRIPT_SAFE))


class Templates:
    """The scaffold's templates: the user's directory first, then the bundled ones."""

    def __init__(self, user_dir: Path | None = None) -> None:
        if user_dir is not None and not user_dir.is_dir():
            raise TemplateProblem(f"{user_dir}: no such template directory")
        loaders: list[Any] = [PackageLoader("reports.scaffold", "templates")]
        if user_dir is not None:
            loaders.insert(0, FileSystemLoader(user_dir))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=True,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        self.env.filters["script_json"] = script_json

    def render(self, name: str, **context: Any) -> str:
        """Render one template by file name."""
        try:
            template = self.env.get_template(name)
        except TemplateError as exc:
            where = getattr(exc, "filename", None) or name
            raise TemplateProblem(f"template {where}: {exc}") from None
        try:
            return template.render(**context)
        except Exception as exc:  # a user's template is code: any error is its own
            where = template.filename or name
            raise TemplateProblem(
                f"template {where}: {type(exc).__name__}: {exc}"
            ) from None

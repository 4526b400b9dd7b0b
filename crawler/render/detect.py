"""Decide from a page as served whether its structured data needs JavaScript.

Pure functions, no I/O: the spider fetches a page, :func:`inspect` reads the
served HTML once, and :func:`decide` turns what it saw, the ``--render`` mode
and the supplier's own hint into a :class:`RenderReason`, or ``None`` when the
page is screened as served. Scripts loaded from files are judged with
:func:`builds_jsonld` once the spider has fetched them.

The signs are deliberately narrow, since each render costs a browser page:

* an app shell: the body holds scripts and an empty mount point
  (``<div id="root">``, ``app``, ``__next``, ...) or almost no text;
* an inline script that writes ``application/ld+json`` (it names the type and
  creates or writes markup);
* a same-site script file that does the same (see :func:`builds_jsonld`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal
from urllib.parse import urljoin

from crawler.extract._tree import document_base, parse_html
from crawler.extract.site import same_site

RenderMode = Literal["auto", "always", "never"]
RENDER_MODES: tuple[RenderMode, ...] = ("auto", "always", "never")

MOUNT_IDS = frozenset(
    {"root", "app", "__next", "__nuxt", "___gatsby", "svelte", "main-app", "spa"}
)
"""Element ids that single-page frameworks mount their application on."""

SHELL_TEXT_LIMIT = 80
"""A body with scripts and fewer visible characters than this is an app shell."""

MAX_SCRIPT_FILES = 5
"""Same-site script files looked at per page (the first ones in page order)."""

_JSONLD_TYPE = "application/ld+json"
_CODE_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
)
_NAMES_JSONLD = re.compile(r"ld\+json", re.IGNORECASE)
_WRITES_MARKUP = re.compile(
    r"createElement|innerHTML|outerHTML|insertAdjacentHTML|document\.write"
    r"|appendChild|\.append\(|\.prepend\(|replaceChildren|setAttribute"
)
_SPACE = re.compile(r"\s+")
_HIDDEN = frozenset({"script", "style", "template", "noscript"})


class RenderReason(StrEnum):
    """Why a page is rendered with a browser."""

    APP_SHELL = "app-shell"  # scripts and an (almost) empty body
    INLINE_SCRIPT = "inline-script"  # an inline script writes JSON-LD
    SCRIPT_FILE = "script-file"  # a same-site script file writes JSON-LD
    SITE_HINT = "site-hint"  # the supplier list says render=always
    ALWAYS = "always"  # --render always

    @property
    def expects_jsonld(self) -> bool:
        """Tell whether this sign predicts JSON-LD that scripts will add."""
        return self in _PREDICTIVE


_PREDICTIVE = frozenset(
    {RenderReason.APP_SHELL, RenderReason.INLINE_SCRIPT, RenderReason.SCRIPT_FILE}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ServedPage:
    """What the served HTML shows about client-side data.

    Attributes:
        jsonld_scripts: ``<script type="application/ld+json">`` elements.
        app_shell: the body is a mount point and scripts, with almost no text.
        inline_writes_jsonld: an inline script writes a JSON-LD block.
        script_files: same-site script URLs, in page order (at most
            :data:`MAX_SCRIPT_FILES`), for :func:`builds_jsonld`.
    """

    jsonld_scripts: int = 0
    app_shell: bool = False
    inline_writes_jsonld: bool = False
    script_files: tuple[str, ...] = ()


def inspect(html: str, url: str, *, tree: Any = None) -> ServedPage:
    """Read the signs of client-side structured data in a served page.

    Args:
        html: the decoded page as the server sent it.
        url: the page URL, against which script URLs resolve.
        tree: ``html`` already parsed by :func:`~crawler.extract._tree.parse_html`
            (extraction parses each page once); None parses it here.

    Returns:
        What the page shows; an empty :class:`ServedPage` when it is not HTML.
    """
    if tree is None:
        try:
            tree = parse_html(html)
        except Exception:  # lxml refuses a page with no element at all
            return ServedPage()
    base = document_base(tree, url)
    jsonld = code = 0
    inline_writes = False
    files: list[str] = []
    for script in tree.iter("script"):
        kind = _script_type(script)
        if kind == _JSONLD_TYPE:
            jsonld += 1
            continue
        if kind not in _CODE_TYPES:
            continue
        code += 1
        src = (script.get("src") or "").strip()
        if src:
            absolute = urljoin(base, src)
            if same_site(absolute, url) and len(files) < MAX_SCRIPT_FILES:
                files.append(absolute)
        elif builds_jsonld(script.text or ""):
            inline_writes = True
    return ServedPage(
        jsonld_scripts=jsonld,
        app_shell=code > 0 and _is_shell(tree),
        inline_writes_jsonld=inline_writes,
        script_files=tuple(dict.fromkeys(files)),
    )


def builds_jsonld(script: str) -> bool:
    """Tell whether JavaScript source writes an ``application/ld+json`` block.

    The script must name the type and create or write markup: a script that
    only reads existing JSON-LD (analytics, say) names the type too.
    """
    return bool(_NAMES_JSONLD.search(script)) and bool(_WRITES_MARKUP.search(script))


def decide(
    served: ServedPage,
    *,
    mode: RenderMode,
    hint: RenderMode = "auto",
    script_file_writes_jsonld: bool = False,
) -> RenderReason | None:
    """Return why a page should be rendered, or ``None`` to screen it as served.

    ``--render always`` and ``never`` decide alone; in ``auto`` mode the
    supplier's hint (the ``render`` column of the supplier list) decides when
    it is ``always`` or ``never``, and otherwise the page's own signs do.

    Args:
        served: what :func:`inspect` read from the served page.
        mode: the ``--render`` option.
        hint: the supplier's ``render`` column (``auto`` when empty).
        script_file_writes_jsonld: one of ``served.script_files`` writes
            JSON-LD (the spider fetched and read them).

    Returns:
        The first sign found, or the forcing option, or ``None``.
    """
    if mode == "never" or (mode == "auto" and hint == "never"):
        return None
    sign = _sign(served, script_file_writes_jsonld)
    if sign is not None:
        return sign
    if mode == "always":
        return RenderReason.ALWAYS
    if hint == "always":
        return RenderReason.SITE_HINT
    return None


def _sign(served: ServedPage, script_file_writes: bool) -> RenderReason | None:
    if served.app_shell:
        return RenderReason.APP_SHELL
    if served.inline_writes_jsonld:
        return RenderReason.INLINE_SCRIPT
    if script_file_writes:
        return RenderReason.SCRIPT_FILE
    return None


def _script_type(script: Any) -> str:
    return str(script.get("type") or "").split(";", 1)[0].strip().lower()


def _is_shell(tree: Any) -> bool:
    """Tell whether the body is a mount point and scripts, with almost no text."""
    bodies = tree.xpath("//body")
    if not bodies:
        return False
    body = bodies[0]
    # lxml finds the elements with an id (the body itself included) in C:
    # walking every element in Python was most of the cost of detection.
    mounts = body.xpath("descendant-or-self::*[@id]")
    if any(n.get("id") in MOUNT_IDS and not _has_text(n, 0) for n in mounts):
        return True
    return not _has_text(body, SHELL_TEXT_LIMIT - 1)


def _has_text(element: Any, limit: int) -> bool:
    """Tell whether an element shows more than ``limit`` visible characters.

    Text inside scripts, styles, templates and noscript does not count. The
    walk stops as soon as the limit is passed (most product pages pass it in
    their first paragraphs) and is iterative: a hostile page can nest deeper
    than Python's recursion limit.
    """
    seen = 0
    stack = [element]
    while stack:
        node = stack.pop()
        if not isinstance(node.tag, str) or node.tag in _HIDDEN:
            continue
        for text in (node.text, *(child.tail for child in node)):
            if text:
                seen += len(_SPACE.sub("", text))
                if seen > limit:
                    return True
        stack.extend(reversed(node))
    return False

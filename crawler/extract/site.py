"""Decide which page links a crawl follows, and which first.

A crawl stays on the supplier's site: the same registrable domain as the start
URL (so ``shop.acme.example`` belongs to ``www.acme.example``), decided with
tldextract's bundled public-suffix snapshot, never a download. Pages about
products, sustainability, carbon, certificates, passports, traceability or
data sheets come first; accounts, carts, searches, calendars and session URLs
are spider traps or useless to a screener and are not followed at all.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

from crawler.model import PageLink

try:
    import tldextract
except ImportError:  # Scrapy depends on it; the fallback keeps us importable
    _REGISTRABLE: tldextract.TLDExtract | None = None
else:
    # No suffix-list URLs: use the snapshot bundled with tldextract, offline.
    _REGISTRABLE = tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )

_BASE_SCORE = 10
_QUERY_PENALTY = 3
_LOW_SCORE = 1
_MAX_URL_LENGTH = 500
_MAX_SEGMENT_REPEATS = 2


def _words(alternatives: str) -> re.Pattern[str]:
    """Compile words that must start a word; a trailing "$" also ends one."""
    pattern = alternatives.replace("$", "(?![a-z])")
    return re.compile(f"(?<![a-z])(?:{pattern})")


# (words, weight) searched in the lower-cased path, query and link text. Words
# are prefixes unless they end in "$": "certificat" covers certificate and
# certification, "sustainab" sustainable and sustainability.
_TOPICS = tuple(
    (_words(words), weight)
    for words, weight in (
        ("products?$|catalog|sku$", 20),
        ("sustainab|esg$|environment|csr$|climate|net-?zero|recycl", 30),
        ("carbon|footprint|pcf$|lca$|emission|co2|ghg$", 30),
        ("certificat|certified|complian|conformity|declaration", 30),
        ("passport|dpp$", 30),
        ("traceab|trace$|provenance|supply-?chain|due-?diligence", 30),
        ("data-?sheet|specs?$|specification|technical|epds?$", 25),
    )
)
# Whole path segments (extension ignored) and query names that lead to
# accounts, carts, searches, calendars or endless variants of one page.
_TRAP_SEGMENTS = frozenset(
    {"login", "log-in", "logout", "log-out", "signin", "sign-in", "signup"}
    | {"sign-up", "register", "registration", "account", "my-account", "cart"}
    | {"basket", "checkout", "wishlist", "compare", "password", "wp-admin"}
    | {"wp-login", "search", "calendar", "ical", "print", "share", "feed"}
)
_TRAP_PARAMS = frozenset(
    {"sessionid", "session_id", "sessid", "sid", "jsessionid", "phpsessid"}
    | {"q", "s", "query", "search", "keyword", "keywords", "replytocom"}
    | {"add-to-cart", "add_to_cart", "print", "share"}
)
_DATE_PARAMS = frozenset({"date", "day", "week", "month", "year", "from", "to"})
_DATE_VALUE = re.compile(r"\d{4}-\d{1,2}")
_LOW_VALUE = _words(
    "tags?$|author$|archives?$|comments?$|careers?$|jobs$|privacy|terms$|cookies?$"
    "|legal$"
)
_DATED_PATH = re.compile(r"/\d{4}/\d{1,2}(?:/|$)")  # news archives: /2024/05/...


def origin(url: str) -> str:
    """Return the lower-case ``scheme://host[:port]`` of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_site(url: str, site_url: str) -> bool:
    """Tell whether a URL belongs to the site that ``site_url`` starts.

    Args:
        url: the URL to check.
        site_url: the crawl's start URL.

    Returns:
        True for the same host, a sub-domain of it, or another host under the
        same registrable domain. An explicit port must match: two services on
        one host (the fixture sites on 127.0.0.1, say) are different sites,
        while http and https on their default ports are one site.
    """
    scheme, port, host = _address(url)
    site_scheme, site_port, site_host = _address(site_url)
    explicit = port is not None or site_port is not None
    if explicit and _port(scheme, port) != _port(site_scheme, site_port):
        return False
    return bool(host and site_host and _same_site_hosts(host, site_host))


@lru_cache(maxsize=16384)  # a crawl meets each URL on many pages
def _address(url: str) -> tuple[str, int | None, str | None]:
    """Return a URL's scheme, explicit port and lower-case host."""
    parts = urlsplit(url)
    return parts.scheme, parts.port, parts.hostname


def _port(scheme: str, port: int | None) -> int | None:
    if port is not None:
        return port
    return {"http": 80, "https": 443}.get(scheme)


def follow_score(link: PageLink, site_url: str) -> int | None:
    """Rank a link for crawling as a page of the supplier's site.

    Args:
        link: a classified link.
        site_url: the crawl's start URL.

    Returns:
        None when the link must not be crawled as a page: not a ``page`` link,
        another site, or a spider trap (login, cart, search, calendar, session
        id, looping path). Otherwise a priority, higher first: 1 for pages of
        little use (tags, archives, legal), more for the topics a screener
        needs.
    """
    if link.kind != "page":
        return None
    return _page_score(link.url, link.text, site_url)


@lru_cache(maxsize=16384)  # a crawl meets each link on many pages
def _page_score(url: str, text: str, site_url: str) -> int | None:
    """Rank a page link by its URL and text (see :func:`follow_score`)."""
    if not same_site(url, site_url):
        return None
    parts = urlsplit(url)
    path = unquote(parts.path).lower()
    params = parse_qsl(parts.query.lower(), keep_blank_values=True)
    if _is_trap(url, path, params):
        return None
    if _LOW_VALUE.search(path) or _DATED_PATH.search(path):
        return _LOW_SCORE
    words = f"{path} {parts.query.lower()} {text.lower()}"
    score = _BASE_SCORE + sum(weight for rx, weight in _TOPICS if rx.search(words))
    # Query strings are how faceted listings multiply one page into many.
    return score - _QUERY_PENALTY if params else score


def _is_trap(url: str, path: str, params: list[tuple[str, str]]) -> bool:
    """Tell whether a same-site URL is a spider trap or a page of no use."""
    if len(url) > _MAX_URL_LENGTH or ";jsessionid=" in path or "/(s(" in path:
        return True
    segments = [segment.partition(".")[0] for segment in path.split("/") if segment]
    if not _TRAP_SEGMENTS.isdisjoint(segments):
        return True
    # A path that repeats itself is a relative-link loop.
    if any(segments.count(s) > _MAX_SEGMENT_REPEATS for s in set(segments)):
        return True
    return any(
        name in _TRAP_PARAMS
        or (name in _DATE_PARAMS and value)
        or _DATE_VALUE.match(value)
        for name, value in params
    )


@lru_cache(maxsize=4096)  # hosts repeat on every page of a crawl
def _same_site_hosts(host: str, site_host: str) -> bool:
    """Tell whether ``host`` belongs to the site of ``site_host``."""
    site_domain = _registrable(site_host)
    return _registrable(host) == site_domain or host.endswith("." + site_domain)


@lru_cache(maxsize=4096)
def _registrable(host: str) -> str:
    """Return a host's registrable domain (``acme.co.uk``), or the host itself."""
    host = host.lower().rstrip(".")
    if _REGISTRABLE is not None:
        # IP addresses and single-label hosts have no registrable domain.
        domain = _REGISTRABLE(host).top_domain_under_public_suffix
        if domain:
            return domain
    return host.removeprefix("www.")

"""Screen suppliers: crawl, normalise, evaluate the rule packs, judge each one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from crawler import __version__
from crawler.crawl import CrawlOptions, ProgressCallback, SupplierCrawl, run_crawl
from crawler.evidence import apply_verification, mark_unverifiable, verify_credentials
from crawler.model import FetchedPage
from crawler.normalise import ContextRegistry, build_site
from crawler.processing import PageProcessor
from crawler.render.browser import RenderOptions
from crawler.spiders.supplier import Budget
from crawler.suppliers import SupplierSpec
from reports.model import PackInfo, ScreeningRun, SupplierResult
from reports.scoring import SCORE_FORMULA, score, verdict
from rules.context import RuleSettings
from rules.disclosure import PageVisit, SiteDisclosure
from rules.engine import EvaluationOptions, evaluate
from rules.loader import Pack, load_packs

if TYPE_CHECKING:
    from crawler.journal import Journal, JournalState


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreenOptions:
    """What the user asked for on the command line."""

    as_of: date
    packs: tuple[str, ...] | None = None  # None: every built-in pack
    rules_dirs: tuple[Path, ...] = ()
    profiles: tuple[str, ...] = ()
    scope_force: frozenset[str] = frozenset()
    rule_settings: RuleSettings = field(default_factory=lambda: RuleSettings())
    allow_hosts: tuple[str, ...] = ()
    contexts: tuple[tuple[str, Path], ...] = ()
    budget: Budget = field(
        default_factory=lambda: Budget(max_pages=50, max_depth=3, max_linked=100)
    )
    timeout: float = 30.0
    render: RenderOptions = field(default_factory=RenderOptions)
    cache_dir: Path | None = None
    """Where re-inspection caches live: Scrapy's HTTP cache (``http/``) and
    processed pages (``pages/``, :mod:`crawler.pagecache`); ``None``: none."""
    processes: int = 0
    """Worker processes for pages (:mod:`crawler.pool`); 0: the crawl's own."""


class Screener:
    """Holds what is built once per process: packs, contexts, page processor."""

    def __init__(self, options: ScreenOptions) -> None:
        self.options = options
        self.packs: tuple[Pack, ...] = load_packs(options.packs, options.rules_dirs)
        self.contexts = ContextRegistry.bundled(extra=dict(options.contexts))
        self.processor = _processor(self.contexts, options)

    def screen_sites(
        self,
        suppliers: Sequence[SupplierSpec],
        progress: ProgressCallback | None = None,
        *,
        journal: Journal | None = None,
        resume: JournalState | None = None,
    ) -> ScreeningRun:
        """Crawl and screen every supplier; one supplier's failure spares the rest.

        With a ``journal``, the crawl records what it fetches there, and
        ``resume`` (that journal, as an interrupted scan left it) saves
        fetching it again: see :func:`crawler.crawl.run_crawl`. The run's
        ``generated_at`` is journaled too, so a scan resumed after the crawl
        builds the very same run.

        Raises:
            CrawlInterrupted: with a ``journal``, the crawl stopped early.
        """
        crawl_options = CrawlOptions(
            budget=self.options.budget,
            allow_hosts=self.options.allow_hosts,
            timeout=self.options.timeout,
            render=self.options.render,
            http_cache=_under(self.options.cache_dir, "http"),
            processes=self.options.processes,
        )
        crawls = run_crawl(
            suppliers,
            crawl_options,
            self.processor,
            progress,
            journal=journal,
            resume=resume,
        )
        generated_at = datetime.now(UTC)
        if resume is not None and resume.generated_at is not None:
            generated_at = resume.generated_at
        if journal is not None:
            journal.finishing(generated_at)
        results = [self._judge(self._site(crawls[spec.id])) for spec in suppliers]
        return self._run(results, generated_at)

    def screen_files(
        self, paths: Sequence[Path], urls: Sequence[str] | None = None
    ) -> ScreeningRun:
        """Screen saved pages or JSON-LD documents offline, as one supplier.

        ``urls`` gives each file the URL it is screened under (a static site
        checked with ``--base-url``); by default, the file's ``file:`` URL.
        """
        addresses = list(urls) if urls is not None else [_file_url(p) for p in paths]
        spec = SupplierSpec(id="local-files", name="local files", url=addresses[0])
        crawl = SupplierCrawl(spec=spec)
        for path, url in zip(paths, addresses, strict=True):
            page = FetchedPage(
                url=url,
                status=200,
                body=path.read_bytes(),
                content_type=_content_type(path),
            )
            crawl.add(
                self.processor.process(
                    page, supplier_id=spec.id, site_url=spec.url, role="page"
                )
            )
        return self._run([self._judge(self._site(crawl))])

    def _site(self, crawl: SupplierCrawl) -> SiteDisclosure:
        spec = crawl.spec
        site = build_site(
            supplier_id=spec.id,
            name=spec.name,
            start_url=spec.url,
            pages=crawl.disclosures,
            visits=_unique_visits(crawl.visits),
            robots_disallowed=tuple(crawl.robots_disallowed),
            hs_codes=spec.hs_codes,
            profiles=tuple(dict.fromkeys((*self.options.profiles, *spec.profiles))),
            extra_issues=tuple(crawl.issues),
        )
        return self._verified(site, crawl)

    def _verified(self, site: SiteDisclosure, crawl: SupplierCrawl) -> SiteDisclosure:
        """Verify the supplier's credentials; a failure here spares other suppliers.

        Nothing that goes wrong while verifying one supplier's credentials can
        pass a credential: they are all recorded as ``error``, saying why.
        """
        try:
            verified = verify_credentials(
                crawl.credentials, crawl.resources, as_of=self.options.as_of
            )
            trusted = self.options.rule_settings.trusted_issuers
            return apply_verification(site, verified, trusted)
        except Exception as exc:  # one supplier's evidence must not stop the run
            why = f"verification failed internally: {type(exc).__name__}: {exc}"
            return mark_unverifiable(site, why)

    def _judge(self, site: SiteDisclosure) -> SupplierResult:
        options = EvaluationOptions(
            as_of=self.options.as_of,
            profiles=frozenset(site.profiles),
            scope_force=self.options.scope_force,
            **self.options.rule_settings.as_options(),
        )
        findings = evaluate(site, self.packs, options)
        return SupplierResult(
            site=site,
            findings=findings,
            verdict=verdict(findings, reachable=site.reachable),
            score=score(findings) if site.reachable else 0,
        )

    def _run(
        self, results: list[SupplierResult], generated_at: datetime | None = None
    ) -> ScreeningRun:
        return screening_run(
            results,
            self.packs,
            generated_at=generated_at or datetime.now(UTC),
            as_of=self.options.as_of,
        )


def screening_run(
    results: Sequence[SupplierResult],
    packs: Sequence[Pack],
    *,
    generated_at: datetime,
    as_of: date,
    tool_version: str = __version__,
) -> ScreeningRun:
    """Return the report input for suppliers judged with ``packs``."""
    return ScreeningRun(
        generated_at=generated_at,
        as_of=as_of,
        packs=tuple(
            PackInfo(id=p.id, title=p.title, version=p.version, status=p.status)
            for p in packs
        ),
        suppliers=tuple(results),
        tool_version=tool_version,
        score_formula=SCORE_FORMULA,
    )


def _processor(contexts: ContextRegistry, options: ScreenOptions) -> PageProcessor:
    """Return the page processor, reusing cached results when there is a cache."""
    if options.cache_dir is None:
        return PageProcessor(contexts)
    from crawler.pagecache import CachingPageProcessor, PageCache, fingerprint

    cache = PageCache(options.cache_dir / "pages", fingerprint(dict(options.contexts)))
    return CachingPageProcessor(contexts, cache)


def _under(directory: Path | None, name: str) -> Path | None:
    return None if directory is None else directory / name


def _unique_visits(visits: list[PageVisit]) -> tuple[PageVisit, ...]:
    """Keep one visit per URL, preferring one that answered."""
    best: dict[str, PageVisit] = {}
    for visit in visits:
        known = best.get(visit.url)
        if known is None or (known.error and not visit.error):
            best[visit.url] = visit
    return tuple(best.values())


def _file_url(path: Path) -> str:
    return path.resolve().as_uri()


def _content_type(path: Path) -> str:
    if path.suffix in (".jsonld", ".json"):
        return "application/ld+json"
    return "text/html"

"""Run one Scrapy crawl over all suppliers and collect what each page gave."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess

from crawler.journal import Journal, JournalIssue, JournalPage, JournalState
from crawler.pool import PagePool
from crawler.processing import PageProcessor, ProcessedPage
from crawler.render.browser import RenderOptions
from crawler.settings import crawl_settings
from crawler.spiders.supplier import ROBOTS_REFUSAL, Budget, SupplierSpider
from rules.disclosure import Issue, PageVisit

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from crawler.credentials import RawCredential
    from crawler.normalise import PageDisclosure
    from crawler.suppliers import SupplierSpec


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlOptions:
    """How far and how politely to crawl."""

    budget: Budget
    allow_hosts: tuple[str, ...] = ()
    timeout: float = 30.0
    log_level: str = "ERROR"
    render: RenderOptions = field(default_factory=RenderOptions)
    http_cache: Path | None = None  # Scrapy's HTTP cache directory; None: none
    processes: int = 0
    """Worker processes that extract and normalise pages (:mod:`crawler.pool`);
    0: the crawl's own process does it."""


@dataclass(slots=True)
class SupplierCrawl:
    """Everything the crawl gathered for one supplier.

    ``credentials`` are the secured credentials found, as received;
    ``resources`` maps each verification resource URL fetched (or tried) to
    its bytes, ``None`` when the fetch failed.
    """

    spec: SupplierSpec
    visits: list[PageVisit] = field(default_factory=list)
    disclosures: list[PageDisclosure] = field(default_factory=list)
    robots_disallowed: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    credentials: list[RawCredential] = field(default_factory=list)
    resources: dict[str, bytes | None] = field(default_factory=dict)

    def add(self, page: ProcessedPage) -> None:
        """Record one processed fetch."""
        if page.visit.error == ROBOTS_REFUSAL:
            self.robots_disallowed.append(page.visit.url)
        if page.role != "sitemap" or page.visit.error:
            self.visits.append(page.visit)
        if page.disclosure is not None:
            self.disclosures.append(page.disclosure)
        self.credentials.extend(page.credentials)
        if page.role == "resource" and (
            page.resource is not None or page.visit.url not in self.resources
        ):
            self.resources[page.visit.url] = page.resource


ProgressCallback = Callable[[ProcessedPage], None]


class CrawlInterrupted(RuntimeError):
    """The crawl stopped before it finished (Ctrl-C, SIGTERM): nothing to report.

    Attributes:
        reason: why Scrapy closed the spider (``shutdown``), or ``None``.
    """

    def __init__(self, reason: str | None) -> None:
        super().__init__(f"the crawl stopped before it finished ({reason})")
        self.reason = reason


def run_crawl(
    suppliers: Sequence[SupplierSpec],
    options: CrawlOptions,
    processor: PageProcessor,
    progress: ProgressCallback | None = None,
    stats: dict[str, Any] | None = None,
    *,
    journal: Journal | None = None,
    resume: JournalState | None = None,
) -> dict[str, SupplierCrawl]:
    """Crawl every supplier in one Scrapy process and return their results.

    Must be called at most once per process: Twisted's reactor cannot restart.
    When ``stats`` is given, Scrapy's crawl statistics are copied into it
    (e.g. ``greengate/render/pages_opened`` and ``pages_closed``).

    Args:
        suppliers: the suppliers to crawl.
        options: budgets, hosts, timeouts and rendering.
        processor: turns each fetched page into its disclosure.
        progress: called with each processed fetch (restored ones too).
        stats: receives Scrapy's statistics.
        journal: records each finished fetch as it comes, then that the crawl
            finished (see :mod:`crawler.journal`).
        resume: what an interrupted crawl's journal holds: its fetches are
            taken from there, not fetched again, and a crawl it records as
            finished is not run at all.

    Raises:
        CrawlInterrupted: with a ``journal``, the crawl stopped early (a
            signal); the journal keeps what it finished.
    """
    results = {spec.id: SupplierCrawl(spec=spec) for spec in suppliers}
    done = _restore(results, resume, progress)
    if resume is not None and resume.crawled:
        return results
    settings = crawl_settings(
        allow_hosts=options.allow_hosts,
        timeout=options.timeout,
        log_level=options.log_level,
        render=options.render,
        http_cache=options.http_cache,
    )
    process = CrawlerProcess(settings=settings)
    crawler = process.create_crawler(SupplierSpider)

    closed: list[str] = []
    pool = PagePool(processor, options.processes)

    def on_item(item: Any, response: Response | Failure, **_: Any) -> None:
        if isinstance(item, ProcessedPage):
            results[item.supplier_id].add(item)
            if journal is not None:
                meta = _meta(response)
                record = JournalPage(
                    supplier_id=item.supplier_id,
                    key=meta.get("gg_url", item.visit.url),
                    depth=meta.get("gg_depth", 0),
                    page=item,
                )
                journal.page(record)
            if progress is not None:
                progress(item)

    def on_error(failure: Failure, response: Response, **_: Any) -> None:
        supplier = response.meta.get("supplier")
        if supplier in results:
            message = f"{response.url}: internal error: {failure.getErrorMessage()}"
            issue = Issue(kind="extraction", url=response.url, message=message)
            results[supplier].issues.append(issue)
            if journal is not None:
                key = response.meta.get("gg_url", response.url)
                journal.issue(JournalIssue(supplier_id=supplier, key=key, issue=issue))

    def on_closed(reason: str, **_: Any) -> None:
        closed.append(reason)
        pool.close()  # as soon as the crawl closes, also on Ctrl-C and SIGTERM

    crawler.signals.connect(on_item, signal=signals.item_scraped)
    crawler.signals.connect(on_error, signal=signals.spider_error)
    crawler.signals.connect(on_closed, signal=signals.spider_closed)
    process.crawl(
        crawler,
        suppliers=list(suppliers),
        budget=options.budget,
        processor=processor,
        pool=pool,
        render=options.render,
        allow_hosts=options.allow_hosts,
        resume=done,
    )
    try:
        if not processor.reuses_results():
            # Workers import greengate while Scrapy starts. A re-inspection
            # starts them with its first page not in the page cache, if any.
            pool.start()
        process.start()
    finally:
        pool.close()
    if stats is not None and crawler.stats is not None:
        stats.update(crawler.stats.get_stats())
    if journal is not None:
        if closed != ["finished"]:
            raise CrawlInterrupted(closed[0] if closed else None)
        journal.crawled()
    return results


def _restore(
    results: dict[str, SupplierCrawl],
    resume: JournalState | None,
    progress: ProgressCallback | None,
) -> dict[str, list[JournalPage]]:
    """Put an interrupted crawl's finished fetches into ``results``.

    An internal error is kept only when the page it was raised on is among
    them: any other page is fetched again, and raises it again.

    Returns:
        Each supplier's finished fetches, for the spider to resume from.
    """
    done: dict[str, list[JournalPage]] = {}
    if resume is None:
        return done
    for record in resume.pages:
        if record.supplier_id in results:
            done.setdefault(record.supplier_id, []).append(record)
            results[record.supplier_id].add(record.page)
            if progress is not None:
                progress(record.page)
    keys = {(r.supplier_id, r.key) for r in resume.pages}
    for entry in resume.issues:
        if (entry.supplier_id, entry.key) in keys and entry.supplier_id in results:
            results[entry.supplier_id].issues.append(entry.issue)
    return done


def _meta(response: Response | Failure) -> dict[str, Any]:
    """Return the meta of the request behind a response or a failed download."""
    request = getattr(response, "request", None)  # a Failure carries its request
    meta: dict[str, Any] = getattr(request, "meta", None) or {}
    return meta

"""Run one Scrapy crawl over all suppliers and collect what each page gave."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess

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


def run_crawl(
    suppliers: Sequence[SupplierSpec],
    options: CrawlOptions,
    processor: PageProcessor,
    progress: ProgressCallback | None = None,
    stats: dict[str, Any] | None = None,
) -> dict[str, SupplierCrawl]:
    """Crawl every supplier in one Scrapy process and return their results.

    Must be called at most once per process: Twisted's reactor cannot restart.
    When ``stats`` is given, Scrapy's crawl statistics are copied into it
    (e.g. ``greengate/render/pages_opened`` and ``pages_closed``).
    """
    results = {spec.id: SupplierCrawl(spec=spec) for spec in suppliers}
    settings = crawl_settings(
        allow_hosts=options.allow_hosts,
        timeout=options.timeout,
        log_level=options.log_level,
        render=options.render,
    )
    process = CrawlerProcess(settings=settings)
    crawler = process.create_crawler(SupplierSpider)

    def on_item(item: Any, **_: Any) -> None:
        if isinstance(item, ProcessedPage):
            results[item.supplier_id].add(item)
            if progress is not None:
                progress(item)

    def on_error(failure: Failure, response: Response, **_: Any) -> None:
        supplier = response.meta.get("supplier")
        if supplier in results:
            message = f"{response.url}: internal error: {failure.getErrorMessage()}"
            results[supplier].issues.append(
                Issue(kind="extraction", url=response.url, message=message)
            )

    crawler.signals.connect(on_item, signal=signals.item_scraped)
    crawler.signals.connect(on_error, signal=signals.spider_error)
    process.crawl(
        crawler,
        suppliers=list(suppliers),
        budget=options.budget,
        processor=processor,
        render=options.render,
        allow_hosts=options.allow_hosts,
    )
    process.start()
    if stats is not None and crawler.stats is not None:
        stats.update(crawler.stats.get_stats())
    return results

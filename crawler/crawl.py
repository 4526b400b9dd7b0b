"""Run one Scrapy crawl over all suppliers and collect what each page gave."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess

from crawler.processing import PageProcessor, ProcessedPage
from crawler.settings import crawl_settings
from crawler.spiders.supplier import ROBOTS_REFUSAL, Budget, SupplierSpider
from rules.disclosure import Issue, PageVisit

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from crawler.normalise import PageDisclosure
    from crawler.suppliers import SupplierSpec


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlOptions:
    """How far and how politely to crawl."""

    budget: Budget
    allow_hosts: tuple[str, ...] = ()
    timeout: float = 30.0
    log_level: str = "ERROR"


@dataclass(slots=True)
class SupplierCrawl:
    """Everything the crawl gathered for one supplier."""

    spec: SupplierSpec
    visits: list[PageVisit] = field(default_factory=list)
    disclosures: list[PageDisclosure] = field(default_factory=list)
    robots_disallowed: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def add(self, page: ProcessedPage) -> None:
        """Record one processed fetch."""
        if page.visit.error == ROBOTS_REFUSAL:
            self.robots_disallowed.append(page.visit.url)
        if page.role != "sitemap" or page.visit.error:
            self.visits.append(page.visit)
        if page.disclosure is not None:
            self.disclosures.append(page.disclosure)


ProgressCallback = Callable[[ProcessedPage], None]


def run_crawl(
    suppliers: Sequence[SupplierSpec],
    options: CrawlOptions,
    processor: PageProcessor,
    progress: ProgressCallback | None = None,
) -> dict[str, SupplierCrawl]:
    """Crawl every supplier in one Scrapy process and return their results.

    Must be called at most once per process: Twisted's reactor cannot restart.
    """
    results = {spec.id: SupplierCrawl(spec=spec) for spec in suppliers}
    settings = crawl_settings(
        allow_hosts=options.allow_hosts,
        timeout=options.timeout,
        log_level=options.log_level,
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
        crawler, suppliers=list(suppliers), budget=options.budget, processor=processor
    )
    process.start()
    return results

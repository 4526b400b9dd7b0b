"""Process fetched pages in worker processes, off the crawl's reactor thread.

Extracting and normalising a page (:meth:`PageProcessor.work`) is a pure
function of the fetched page and takes most of a scan's CPU. On a machine
with more than one core, :class:`PagePool` runs it in a
:class:`~concurrent.futures.ProcessPoolExecutor` (``spawn`` context: the
reactor, asyncio and Playwright state must not be forked), each worker
building its own processor once from the crawl's
:class:`~crawler.processing.ProcessorRecipe` (same contexts, same page cache).
Pages go out as :class:`~crawler.model.FetchedPage` (bytes) and come back as
:class:`~crawler.processing.PageWork`.

A pool failure never costs a page: a worker that dies, a value that does not
pickle, a pool that cannot start, all make the page be processed in the
crawl's own process, as with ``processes=0``; the pool is started again a few
times, then given up for the rest of the crawl.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from crawler.orphans import die_with_parent

if TYPE_CHECKING:
    from crawler.model import FetchedPage
    from crawler.processing import PageProcessor, PageWork, ProcessorRecipe, Role

MAX_RESTARTS = 3
"""How many times a broken pool is started again before pages stay in-process."""

QUEUED_PER_WORKER = 4
"""Pages handed to the pool at once per worker; more wait in the crawl's process."""

_worker_processor: PageProcessor | None = None


def default_processes() -> int:
    """Return the default number of workers: one per core, none on one core.

    The crawl's own thread needs well under half a core (about 2.6 ms of
    Scrapy's work per page against about 5 ms of processing in a worker), so
    on two cores two workers beat one (docs/PERFORMANCE.md: 0.56 against 0.49
    of bare Scrapy's pages/s at 5,000 pages); on one core a pool only adds
    hand-off work.
    """
    cores = os.cpu_count() or 1
    return cores if cores > 1 else 0


class PagePool:
    """Run :meth:`PageProcessor.work` in ``processes`` workers (0: in-process).

    Attributes:
        processed_in_pool: pages the workers processed.
        reused: pages whose stored result the processor gave back at once
            (:meth:`PageProcessor.stored`), without a worker.
        fallbacks: pages processed in-process because the pool failed.
        restarts: times a broken pool was started again.
        most_queued: the most pages handed to the pool at once.
    """

    def __init__(self, processor: PageProcessor, processes: int) -> None:
        if processes < 0:
            raise ValueError(f"processes must be 0 or more, not {processes}")
        self.processor = processor
        self.processes = processes
        self.processed_in_pool = 0
        self.reused = 0
        self.fallbacks = 0
        self.restarts = 0
        self.most_queued = 0
        self._queued = 0
        self._slots: asyncio.Semaphore | None = None
        self._executor: ProcessPoolExecutor | None = None
        self._closed = False

    def start(self) -> None:
        """Start the workers now (they import greengate while the crawl starts)."""
        if self.processes and self._executor is None and not self._closed:
            try:
                self._executor = _executor(self.processor.recipe(), self.processes)
            except Exception:  # no pool (e.g. no semaphores): process in-process
                self.processes = 0

    def worker_pids(self) -> tuple[int, ...]:
        """Return the process ids of the running workers (for tests)."""
        executor = self._executor
        workers = getattr(executor, "_processes", None) or {}
        return tuple(workers)

    async def work(
        self,
        page: FetchedPage,
        *,
        supplier_id: str,
        site_url: str,
        role: Role,
        inspect_render: bool = False,
    ) -> PageWork:
        """Process one page in a worker, or in-process when there is no pool.

        Exceptions are those of :meth:`PageProcessor.work` run in-process:
        whatever goes wrong in the pool itself makes the page be processed
        here instead.
        """
        args = (page, supplier_id, site_url, role, inspect_render)
        if self.processes:
            stored = self.processor.stored(
                page,
                supplier_id=supplier_id,
                site_url=site_url,
                role=role,
                inspect_render=inspect_render,
            )
            if stored is not None:  # a re-inspection's unchanged page: no worker
                self.reused += 1
                return stored
            self.start()
        if self._executor is not None:
            result = await self._in_pool(args)
            if result is not None:
                return result
            self.fallbacks += 1
        return self.processor.work(
            page,
            supplier_id=supplier_id,
            site_url=site_url,
            role=role,
            inspect_render=inspect_render,
        )

    async def _in_pool(
        self, args: tuple[FetchedPage, str, str, Role, bool]
    ) -> PageWork | None:
        """Return the worker's result, or None when the pool failed."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(QUEUED_PER_WORKER * self.processes)
        async with self._slots:
            executor = self._executor
            if executor is None:  # closed or given up while this page waited
                return None
            self._queued += 1
            self.most_queued = max(self.most_queued, self._queued)
            try:
                result = await asyncio.wrap_future(executor.submit(_work, *args))
            except BrokenProcessPool:
                self._restart(executor)
                return None
            except Exception:  # a pickling error, a shut-down pool: do it here
                return None
            finally:
                self._queued -= 1
        self.processed_in_pool += 1
        return result

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        """Replace a broken pool (once, whichever page saw it first), or give up."""
        if self._executor is not broken:
            return
        broken.shutdown(wait=False, cancel_futures=True)
        self._executor = None
        if self.restarts >= MAX_RESTARTS or self._closed:
            self.processes = 0
            return
        self.restarts += 1
        self.start()

    def close(self) -> None:
        """Stop the workers; later pages are processed in-process."""
        self._closed = True
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def _executor(recipe: ProcessorRecipe, processes: int) -> ProcessPoolExecutor:
    executor = ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(recipe, os.getpid()),
    )
    executor.submit(os.getpid)  # spawn the workers now, not on the first page
    return executor


def _init_worker(recipe: ProcessorRecipe, parent: int) -> None:
    """Build the worker's processor; leave Ctrl-C to the crawl's process.

    The worker dies with the crawl's process (``kill -9`` included): one left
    behind would wait for pages forever, holding the scan's standard error
    open for whoever reads it.
    """
    global _worker_processor  # one processor per worker process, built once
    die_with_parent()
    if os.getppid() != parent:  # the crawl died before that took hold
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_processor = recipe.build()


def _work(
    page: FetchedPage,
    supplier_id: str,
    site_url: str,
    role: Role,
    inspect_render: bool,
) -> PageWork:
    assert _worker_processor is not None  # set by _init_worker
    return _worker_processor.work(
        page,
        supplier_id=supplier_id,
        site_url=site_url,
        role=role,
        inspect_render=inspect_render,
    )

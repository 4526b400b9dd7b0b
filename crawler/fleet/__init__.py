"""Distributed scans: ``greengate worker`` processes share one Redis frontier.

``greengate scan SUPPLIERS --frontier redis://... --store postgresql://...``
records the run's header in PostgreSQL, puts one job per supplier on a Redis
frontier and waits; any number of ``greengate worker`` processes, on any
machines, claim jobs, screen each claimed batch in a child process and record
each supplier's result in PostgreSQL, then acknowledge the job. Once every
job is done (or has failed too often) the scan reads the run back from
PostgreSQL and writes the same report files a single-process scan writes.

Why not scrapy-redis: greengate judges a supplier on all of its pages
together (site-level rules), so the unit of distributed work is a supplier,
not a request, while scrapy-redis shares a request queue that would scatter
one supplier's pages over several workers; it pops requests with no
acknowledgement, so whatever a killed worker had taken is lost; and 0.9.1 with
Scrapy 2.19 still defines ``start_requests()``, wipes the shared queue when
the first worker closes with ``SCHEDULER_PERSIST=False`` and lets start
requests bypass the dupefilter. The frontier here is Redis's "reliable
queue" pattern with leases instead (:mod:`crawler.fleet.queue`): a job a
killed worker held comes back once its lease expires, and the store writes
each ``(run, position)`` once, so at-least-once processing gives exactly-once
results. docs/DISTRIBUTED.md has the whole design.

Modules: :mod:`.jobs` (what flows between them), :mod:`.queue` (the
frontier) and :mod:`.scripts` (its atomic Lua moves), :mod:`.task` (the child
process that screens one batch), :mod:`.worker` (the ``greengate worker``
loop), :mod:`.coordinator` (what a distributed ``scan`` does),
:mod:`.results` (stored inspections back into report input), :mod:`.command`
(their command-line options).
"""

from crawler.fleet.jobs import DEFAULT_QUEUE, Job, TaskInput
from crawler.fleet.queue import Frontier, FrontierError, RunProgress

__all__ = [
    "DEFAULT_QUEUE",
    "Frontier",
    "FrontierError",
    "Job",
    "RunProgress",
    "TaskInput",
]

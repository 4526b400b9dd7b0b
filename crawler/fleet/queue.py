"""The shared frontier: Redis's reliable-queue pattern, with leases.

Keys, under a prefix (``--queue NAME``, default ``greengate``):

* ``P:pending``: a list of job keys waiting for a worker;
* ``P:leases``: a sorted set, job key -> lease deadline (ms, Redis clock);
* ``P:owners``: a hash, job key -> the token of the worker holding the lease;
* ``P:attempts``: a hash, job key -> how many times a worker took it;
* ``P:jobs``: a hash, job key -> the job (JSON, :mod:`crawler.codec`);
* ``P:done``, ``P:failed``, ``P:errors``: hashes, job key -> the worker that
  recorded it, why it failed for good, why its last attempt failed;
* ``P:run:RUN_ID``: the run's screening options and the greengate version
  of the scan that put them there (JSON);
* ``P:runs``: a set of the runs whose scan is still waiting for them.

Every move between them is one Lua script, so it is atomic. A claim first
puts expired leases back on the pending list, then leases up to ``batch``
jobs; a job taken more than ``max_attempts`` times is marked failed instead.
Times come from the Redis server (``TIME``), so workers on machines whose
clocks disagree still agree on leases. Nothing a worker does deletes a job or
a run: only :meth:`Frontier.forget`, which the coordinator calls for its own
run once it has everything, does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import redis

from crawler import __version__
from crawler.codec import CodecError, decode, encode
from crawler.fleet import scripts
from crawler.fleet.jobs import DEFAULT_QUEUE, Job, job_key
from crawler.screening import ScreenOptions
from crawler.suppliers import SupplierSpec
from reports.history.location import redact_url

__all__ = [
    "DEFAULT_ATTEMPTS",
    "Frontier",
    "FrontierError",
    "RunOptionsError",
    "RunProgress",
]

DEFAULT_ATTEMPTS = 3
"""How many times a job is taken before it is marked failed."""

EXPIRED = "its lease expired: the worker screening it stopped (killed or cut off)"

_SCHEMES = ("redis", "rediss", "unix")


class FrontierError(RuntimeError):
    """The frontier cannot be reached or used; the message says why."""


class RunOptionsError(FrontierError):
    """A run's options cannot be used by this worker (another greengate version)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunProgress:
    """Where a run's jobs are: recorded, or failed for good (with why)."""

    total: int
    done: frozenset[int]
    failed: tuple[tuple[int, str], ...]

    @property
    def finished(self) -> bool:
        """Return whether every job is done or has failed for good."""
        return len(self.done) + len(self.failed) >= self.total


class Frontier:
    """The jobs of every distributed run on one Redis server, under one prefix."""

    def __init__(
        self,
        url: str,
        queue: str = DEFAULT_QUEUE,
        *,
        max_attempts: int = DEFAULT_ATTEMPTS,
    ) -> None:
        """Connect to the Redis server at ``url`` (checked with a ``PING``).

        Raises:
            FrontierError: not a Redis URL, or the server does not answer.
        """
        self.location = redact_url(url)
        self.queue = queue
        self.max_attempts = max_attempts
        if url.partition("://")[0].lower() not in _SCHEMES:
            raise FrontierError(
                f"{self.location}: not a Redis URL (redis://HOST:PORT/DB,"
                " rediss://... or unix://...)"
            )
        try:
            self._redis = redis.Redis.from_url(
                url, decode_responses=True, socket_connect_timeout=10, socket_timeout=30
            )
            self._redis.ping()
        except (redis.RedisError, ValueError) as exc:
            raise FrontierError(f"{self.location}: {exc}") from None
        self._claim = self._redis.register_script(scripts.CLAIM)
        self._renew = self._redis.register_script(scripts.RENEW)
        self._ack = self._redis.register_script(scripts.ACK)
        self._release = self._redis.register_script(scripts.RELEASE)

    def close(self) -> None:
        """Close the connections."""
        self._redis.close()

    def __enter__(self) -> Frontier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def key(self, name: str) -> str:
        """Return the Redis key ``name`` under this frontier's prefix."""
        return f"{self.queue}:{name}"

    # -- the coordinator's side ---------------------------------------------

    def enqueue(
        self, run_id: str, options: ScreenOptions, suppliers: Sequence[SupplierSpec]
    ) -> tuple[Job, ...]:
        """Put one job per supplier on the frontier, with the run's options.

        Raises:
            FrontierError: the options do not survive the trip through JSON.
        """
        try:
            document = encode(options)
            same = decode(ScreenOptions, json.loads(json.dumps(document))) == options
        except CodecError as exc:
            raise FrontierError(f"options cannot go to workers: {exc}") from None
        if not same:
            raise FrontierError("the screening options do not survive a trip to JSON")
        jobs = tuple(
            Job(run_id=run_id, position=n, supplier=spec)
            for n, spec in enumerate(suppliers)
        )
        with self._errors():
            pipe = self._redis.pipeline(transaction=True)
            run = {"version": __version__, "options": document}
            pipe.set(self.key(f"run:{run_id}"), json.dumps(run))
            pipe.sadd(self.key("runs"), run_id)
            if jobs:
                pipe.hset(
                    self.key("jobs"),
                    mapping={j.key: json.dumps(encode(j)) for j in jobs},
                )
                pipe.rpush(self.key("pending"), *(j.key for j in jobs))
            pipe.execute()
        return jobs

    def progress(self, run_id: str, total: int) -> RunProgress:
        """Return which of the run's ``total`` jobs are done or failed."""
        keys = [job_key(run_id, n) for n in range(total)]
        if not keys:
            return RunProgress(total=0, done=frozenset(), failed=())
        with self._errors():
            done = self._redis.hmget(self.key("done"), keys)
            failed = self._redis.hmget(self.key("failed"), keys)
        return RunProgress(
            total=total,
            done=frozenset(n for n, by in enumerate(done) if by is not None),
            failed=tuple(
                (n, str(why))
                for n, why in enumerate(failed)
                if why is not None and done[n] is None
            ),
        )

    def forget(self, run_id: str, total: int) -> None:
        """Remove every trace of a run: its options, jobs and their states."""
        keys = [job_key(run_id, n) for n in range(total)]
        with self._errors():
            pipe = self._redis.pipeline(transaction=True)
            pipe.delete(self.key(f"run:{run_id}"))
            pipe.srem(self.key("runs"), run_id)
            if keys:
                for name in ("jobs", "attempts", "done", "failed", "errors", "owners"):
                    pipe.hdel(self.key(name), *keys)
                pipe.zrem(self.key("leases"), *keys)
            for key in keys:
                pipe.lrem(self.key("pending"), 0, key)
            pipe.execute()

    # -- a worker's side ----------------------------------------------------

    def claim(self, token: str, batch: int, lease: float) -> tuple[Job, ...]:
        """Requeue expired leases, then lease up to ``batch`` jobs to ``token``."""
        keys = self._keys("pending", "leases", "owners", "attempts", "jobs")
        keys += self._keys("failed", "errors")
        args: list[str | int] = [_ms(lease), batch, token, self.max_attempts, EXPIRED]
        with self._errors():
            found = self._claim(keys=keys, args=args)
        try:
            return tuple(decode(Job, json.loads(text)) for text in found)
        except (CodecError, ValueError) as exc:
            why = f"{self.location}: a job is unreadable: {exc}"
            raise FrontierError(why) from None

    def renew(self, token: str, keys: Iterable[str], lease: float) -> int:
        """Push back the deadline of the leases ``token`` still holds."""
        with self._errors():
            renewed = self._renew(
                keys=self._keys("leases", "owners"), args=[_ms(lease), token, *keys]
            )
        return int(renewed)

    def ack(self, job: Job, token: str) -> None:
        """Mark a job done: call only once its result is committed to the store."""
        with self._errors():
            self._ack(
                keys=self._keys("pending", "leases", "owners", "done", "failed"),
                args=[job.key, token],
            )

    def release(self, token: str, keys: Iterable[str], reason: str = "") -> int:
        """Give back the leases ``token`` holds among ``keys``.

        Args:
            token: the worker's token.
            keys: job keys; those not leased to ``token`` are left alone.
            reason: why the attempt failed; the job goes to the back of the
                queue, or is marked failed after ``max_attempts``. Empty: the
                worker was stopped, the attempt does not count and the job goes
                to the front.
        """
        names = self._keys("pending", "leases", "owners", "attempts", "failed")
        names += self._keys("errors")
        with self._errors():
            released = self._release(
                keys=names, args=[token, reason, str(self.max_attempts), *keys]
            )
        return int(released)

    def options(self, run_id: str) -> ScreenOptions | None:
        """Return a run's screening options (``None``: the run was forgotten).

        Raises:
            RunOptionsError: the scan ran another greengate version, whose
                options this one might read differently, or they are unreadable.
        """
        with self._errors():
            text = self._redis.get(self.key(f"run:{run_id}"))
        if text is None:
            return None
        run = json.loads(str(text))
        if run.get("version") != __version__:
            raise RunOptionsError(
                f"the scan runs greengate {run.get('version')}, this worker"
                f" {__version__}: run one version everywhere"
            )
        try:
            return decode(ScreenOptions, run["options"])
        except (CodecError, KeyError) as exc:
            raise RunOptionsError(f"the run's options are unreadable: {exc}") from None

    def idle(self) -> bool:
        """Return whether no job is pending, no lease held and no scan waiting."""
        with self._errors():
            pending = self._redis.llen(self.key("pending"))
            leased = self._redis.zcard(self.key("leases"))
            runs = self._redis.scard(self.key("runs"))
        return int(pending) == 0 and int(leased) == 0 and int(runs) == 0

    def holders(self) -> dict[str, str]:
        """Return who holds a lease: job key -> worker token."""
        with self._errors():
            owners = self._redis.hgetall(self.key("owners"))
        return {str(k): str(v) for k, v in owners.items()}

    def _keys(self, *names: str) -> list[str]:
        return [self.key(name) for name in names]

    def _errors(self) -> _RedisErrors:
        return _RedisErrors(self.location)


class _RedisErrors:
    """Turn redis-py's errors into :class:`FrontierError` naming the server."""

    def __init__(self, location: str) -> None:
        self.location = location

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> None:
        if isinstance(exc, redis.RedisError):
            raise FrontierError(f"{self.location}: {exc}") from None


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))

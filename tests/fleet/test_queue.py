"""The Redis frontier on a real redis-server: claims, leases, acks, failures."""

from __future__ import annotations

import time
from datetime import date

import pytest

from crawler.fleet import Frontier
from crawler.fleet.coordinator import wait
from crawler.fleet.queue import EXPIRED
from crawler.screening import ScreenOptions
from crawler.suppliers import SupplierSpec

OPTIONS = ScreenOptions(as_of=date(2027, 3, 1), allow_hosts=("127.0.0.1",))
RUN = "20270301T000000Z-0000test"


def _suppliers(count: int) -> list[SupplierSpec]:
    return [
        SupplierSpec(
            id=f"s{n}@x.example", name=f"Supplier {n}", url=f"https://s{n}.example/"
        )
        for n in range(count)
    ]


def test_jobs_and_options_come_back_as_they_went(frontier):
    suppliers = _suppliers(3)
    frontier.enqueue(RUN, OPTIONS, suppliers)
    assert frontier.options(RUN) == OPTIONS
    jobs = frontier.claim("w1", batch=10, lease=30)
    assert [j.supplier for j in jobs] == suppliers
    assert [j.position for j in jobs] == [0, 1, 2]
    assert set(frontier.holders().values()) == {"w1"}
    assert frontier.claim("w2", batch=10, lease=30) == ()


def test_an_expired_lease_is_requeued_by_the_next_claim(frontier):
    frontier.enqueue(RUN, OPTIONS, _suppliers(1))
    (job,) = frontier.claim("dead-worker", batch=1, lease=0.2)
    assert frontier.claim("w2", batch=1, lease=30) == ()  # still leased
    time.sleep(0.3)
    (again,) = frontier.claim("w2", batch=1, lease=30)
    assert again == job
    assert frontier.holders() == {job.key: "w2"}


def test_renewing_keeps_a_lease_and_only_its_owner_can(frontier):
    frontier.enqueue(RUN, OPTIONS, _suppliers(1))
    (job,) = frontier.claim("w1", batch=1, lease=0.4)
    for _ in range(4):
        time.sleep(0.2)
        assert frontier.renew("w1", [job.key], lease=0.4) == 1
        assert frontier.renew("intruder", [job.key], lease=0.4) == 0
        assert frontier.claim("w2", batch=1, lease=30) == ()


def test_a_worker_added_later_takes_the_remaining_work(frontier):
    frontier.enqueue(RUN, OPTIONS, _suppliers(5))
    first = frontier.claim("w1", batch=2, lease=30)
    later = frontier.claim("w2", batch=10, lease=30)
    assert [j.position for j in first] == [0, 1]
    assert [j.position for j in later] == [2, 3, 4]
    for job in (*first, *later):
        frontier.ack(job, "w")
    assert frontier.progress(RUN, 5).done == frozenset(range(5))
    assert not frontier.idle()  # the scan has not collected its run yet
    frontier.forget(RUN, 5)
    assert frontier.idle()


def test_a_job_failing_every_attempt_is_reported_failed(redis_url, queue_name):
    with Frontier(redis_url, queue_name, max_attempts=3) as frontier:
        frontier.enqueue(RUN, OPTIONS, _suppliers(2))
        (good, bad) = frontier.claim("w1", batch=2, lease=30)
        frontier.ack(good, "w1")
        assert frontier.release("w1", [bad.key], "boom") == 1
        for attempt in range(2):
            (job,) = frontier.claim(f"w{attempt}", batch=1, lease=30)
            assert job == bad
            assert frontier.release(f"w{attempt}", [job.key], "boom") == 1
        assert frontier.claim("w9", batch=1, lease=30) == ()
        state = wait(frontier, RUN, 2, poll=0.01)  # returns: it does not hang
        assert state.done == frozenset({0})
        assert state.failed == ((1, "boom"),)


def test_a_killed_worker_counts_as_a_failed_attempt(redis_url, queue_name):
    with Frontier(redis_url, queue_name, max_attempts=2) as frontier:
        frontier.enqueue(RUN, OPTIONS, _suppliers(1))
        for _ in range(2):
            assert len(frontier.claim("w", batch=1, lease=0.05)) == 1
            time.sleep(0.1)
        assert frontier.claim("w", batch=1, lease=30) == ()
        assert frontier.progress(RUN, 1).failed == ((0, EXPIRED),)


def test_a_stopped_worker_gives_its_jobs_back_without_an_attempt(redis_url, queue_name):
    with Frontier(redis_url, queue_name, max_attempts=1) as frontier:
        frontier.enqueue(RUN, OPTIONS, _suppliers(2))
        jobs = frontier.claim("w1", batch=2, lease=30)
        assert frontier.release("w2", [j.key for j in jobs]) == 0  # not its leases
        assert frontier.release("w1", [j.key for j in jobs]) == 2
        assert frontier.holders() == {}
        again = frontier.claim("w2", batch=2, lease=30)  # max_attempts=1: still allowed
        assert sorted(j.position for j in again) == [0, 1]


def test_an_ack_after_the_lease_expired_takes_the_job_off_the_queue(frontier):
    frontier.enqueue(RUN, OPTIONS, _suppliers(2))
    (slow,) = frontier.claim("slow", batch=1, lease=0.05)
    time.sleep(0.1)
    (other,) = frontier.claim("w2", batch=1, lease=30)  # requeues `slow`'s job first
    assert other == slow
    frontier.ack(slow, "slow")
    (last,) = frontier.claim("w3", batch=5, lease=30)
    assert last.position == 1


def test_forget_removes_every_key_of_the_run(frontier, redis_url):
    import redis

    frontier.enqueue(RUN, OPTIONS, _suppliers(3))
    (job, _) = frontier.claim("w1", batch=2, lease=30)
    frontier.ack(job, "w1")
    frontier.forget(RUN, 3)
    with redis.Redis.from_url(redis_url) as client:
        assert client.keys(f"{frontier.queue}:*") == []
    assert frontier.claim("w1", batch=5, lease=30) == ()


def test_a_wrong_url_is_refused_clearly():
    from crawler.fleet import FrontierError

    with pytest.raises(FrontierError, match="not a Redis URL"):
        Frontier("postgresql://user:secret@db.example/x")
    with pytest.raises(FrontierError) as caught:
        Frontier("redis://user:secret@127.0.0.1:1/0")
    assert "secret" not in str(caught.value)

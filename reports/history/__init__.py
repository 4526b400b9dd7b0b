"""The inspection history: an append-only audit trail of screening runs.

Every run can be recorded in a store (a SQLite file by default, or a
PostgreSQL database), read back, compared with another run, and summarised
as the current risk watchlist::

    with open_store("history.sqlite3") as store:
        recorded = store.record(run, command="greengate scan ...")
        changes = diff(store.load_run("previous"), store.load_run("latest"))
        entries = watchlist(store)
"""

from reports.history.diff import (
    ExpiredCredential,
    FindingChange,
    RunDiff,
    SupplierRef,
    VerdictChange,
    diff,
)
from reports.history.errors import (
    AppendOnlyError,
    HistoryError,
    SchemaTooNewError,
    StoreUnavailableError,
    UnknownRunError,
)
from reports.history.location import ENV_VAR, default_path, open_store
from reports.history.records import (
    InspectionRecord,
    RunRecord,
    StoredInspection,
    StoredRun,
)
from reports.history.store import HistoryStore
from reports.history.values import ValueChange
from reports.history.watchlist import WatchlistEntry, watchlist

__all__ = [
    "ENV_VAR",
    "AppendOnlyError",
    "ExpiredCredential",
    "FindingChange",
    "HistoryError",
    "HistoryStore",
    "InspectionRecord",
    "RunDiff",
    "RunRecord",
    "SchemaTooNewError",
    "StoreUnavailableError",
    "StoredInspection",
    "StoredRun",
    "SupplierRef",
    "UnknownRunError",
    "ValueChange",
    "VerdictChange",
    "WatchlistEntry",
    "default_path",
    "diff",
    "open_store",
    "watchlist",
]

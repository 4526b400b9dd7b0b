"""Pass / fail / edge cases per rule: one compliant disclosure, one fact broken.

Each case names the rule, the expected status and a builder of the site; the
subject is the first product unless ``subject`` says otherwise. Options are
passed to :class:`EvaluationOptions` on top of the test defaults (every rule
in force, profiles jp and de). One module per topic.
"""

from __future__ import annotations

from tests.rules.cases._base import Case
from tests.rules.cases.core import CORE
from tests.rules.cases.g7_carbon import CARBON
from tests.rules.cases.g7_esg import ESG
from tests.rules.cases.g7_other import OTHER_G7
from tests.rules.cases.g7_trace import TRACE_CASES
from tests.rules.cases.materials import MATERIALS
from tests.rules.cases.rcep import RCEP

CASES: list[Case] = [
    *ESG,
    *CARBON,
    *TRACE_CASES,
    *OTHER_G7,
    *RCEP,
    *MATERIALS,
    *CORE,
]

__all__ = ["CASES", "Case"]

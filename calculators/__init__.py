"""The court's calculators, plain Python (standard library only), run by CPython in the
tests and on the command line, and by Pyodide in the handbook's pages."""
from __future__ import annotations

import importlib

from .engine import Calculator

# name -> module that defines CALCULATOR (each module is one calculator)
MODULES = {
    "leave-pay": "leave_pay",
    "trial-quality": "trial_quality",
    "trial-quality-team": "trial_quality_team",
    "bankruptcy-workload": "bankruptcy_workload",
    "bankruptcy-year": "bankruptcy_year",
    "annual-assessment": "annual_assessment",
    "team-grading": "team_grading",
    "leave-pay-month": "leave_pay_month",
    "annual-assessment-team": "annual_assessment_team",
}


def get(name: str) -> Calculator:
    if name not in MODULES:
        raise KeyError(name)
    return importlib.import_module(f".{MODULES[name]}", __name__).CALCULATOR


def available() -> list[Calculator]:
    """The calculators whose module exists (all of them once every issue is done)."""
    out = []
    for name in MODULES:
        try:
            out.append(get(name))
        except ModuleNotFoundError:
            continue
    return out

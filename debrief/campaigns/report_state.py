"""Whose report was never submitted, for the apps beside reports that must not import it.

The evaluation's results flag a reporter whose report was not started, is still a draft or was
returned: the figures then rest on a debrief the evaluators did not have in writing. The reports
app answers through `unsubmitted_label` (registered in its AppConfig.ready()) with a database
expression, so the flag comes with the reporters' own query and costs no query of its own.
"""

from __future__ import annotations

from django.db.models import QuerySet, Value

from debrief.lib.hooks import Hook

from .models import Reporter

# Registered functions take nothing and answer an expression over Reporter: the translated state
# of a report never submitted ("Not started", "Draft", "Returned"), or "" once it was submitted.
unsubmitted_label = Hook("the state of a reporter's report that was never submitted")

ATTRIBUTE = "report_unsubmitted"


def with_unsubmitted_label(reporters: QuerySet[Reporter]) -> QuerySet[Reporter]:
    """`reporters`, each with `report_unsubmitted`: the state of its report if never submitted, else ""."""
    expressions = unsubmitted_label.results()
    return reporters.annotate(**{ATTRIBUTE: expressions[-1] if expressions else Value("")})

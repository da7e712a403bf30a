"""Writes to an evaluation: scheme, codes, opening, ballots, paper tallies, closing, routine scores.

One module per step; callers import this package and find every operation here.
"""

from .ballot_box import BALLOT_BATCH_SIZE
from .closing import paper_digest, voting_close
from .errors import EvaluationError, VoteError
from .lost_slips import code_void
from .opening import (
    MAX_CODES_PER_ISSUE,
    VOTING_STATES,
    IssuedCodes,
    code_key,
    codes_issue,
    venue_codes_withdraw,
    voting_open,
)
from .outcome import outcome_refresh, outcome_store
from .paper import paper_tally_enter
from .recount import evaluation_recount
from .routine import (
    ROUTINE_EDITABLE_STATES,
    ensure_routine_editable,
    parse_score,
    routine_editable,
    routine_fixed_message,
    routine_import_save,
    routine_scores_set,
)
from .scheme import (
    categories_set,
    default_categories,
    evaluation_set_up,
    scheme_apply,
    scheme_save,
    scheme_set,
    scheme_update,
    sub_indicators_set,
)
from .voting import ballot_cast, code_lookup, excellent_cap_count

__all__ = [
    "BALLOT_BATCH_SIZE",
    "MAX_CODES_PER_ISSUE",
    "ROUTINE_EDITABLE_STATES",
    "VOTING_STATES",
    "EvaluationError",
    "IssuedCodes",
    "VoteError",
    "ballot_cast",
    "categories_set",
    "code_key",
    "code_lookup",
    "code_void",
    "codes_issue",
    "default_categories",
    "ensure_routine_editable",
    "routine_editable",
    "routine_fixed_message",
    "evaluation_recount",
    "evaluation_set_up",
    "excellent_cap_count",
    "outcome_refresh",
    "outcome_store",
    "paper_digest",
    "paper_tally_enter",
    "parse_score",
    "routine_import_save",
    "routine_scores_set",
    "scheme_apply",
    "scheme_save",
    "scheme_set",
    "scheme_update",
    "sub_indicators_set",
    "venue_codes_withdraw",
    "voting_close",
    "voting_open",
]

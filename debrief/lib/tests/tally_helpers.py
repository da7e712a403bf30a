"""What the tally tests share: rating counts, a scheme of three categories, one reporter's result."""

from decimal import Decimal

from debrief.lib.tally import Scheme, tally

D = Decimal
THREE = {"leaders": D(30), "secretaries": D(40), "representatives": D(30)}


def votes(excellent=0, good=0, fair=0, poor=0):
    return {"excellent": excellent, "good": good, "fair": fair, "poor": poor}


def one(scheme, counts, routine=None, reporter="wang"):
    """The result of a single reporter whose counts are given per category."""
    [result] = tally(
        scheme=scheme,
        reporters=[reporter],
        counts={(reporter, category): ratings for category, ratings in counts.items()},
        routine_scores=None if routine is None else {reporter: routine},
    )
    return result


def single_category(**options):
    return Scheme(category_weights={"all": D(100)}, **options)

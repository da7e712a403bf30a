"""Sets up, in the database DATABASE_URL names, a campaign with voting open, and prints what a test
driving the production servers needs as JSON: `python -m debrief.ops.tests.seed_vote`.

Run in a process of its own because the servers' database is not the test run's."""

import json
import os

import django

LEADERS = "Host leadership team"
PASSWORD = "secret-pass"  # UserFactory's


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "debrief.settings")
    django.setup()

    from django.utils import translation

    from debrief.accounts.models import Role
    from debrief.campaigns.services import reporters_add
    from debrief.orgs.models import Level
    from debrief.testing.factories import (
        OrganizationFactory,
        campaign_open,
        evaluation_opened,
        subordinate_with_secretary,
        user_with_role,
    )

    # The scheme's category names are written in the active language; the tests read them in English.
    translation.activate("en")
    city = OrganizationFactory(code="CA", name="江州市委", level=Level.CITY)
    organizer = user_with_role(Role.ORGANIZER, city, username="organizer_a")
    counties = [
        subordinate_with_secretary(city, "CA1", "江州市东区区委", "赵强", level=Level.COUNTY),
        subordinate_with_secretary(city, "CA2", "江州市西区区委", "李明", level=Level.COUNTY),
    ]
    campaign = campaign_open(city, year=2022, user=organizer)
    reporters_add(campaign=campaign, organizations=counties, mode="on_site")
    evaluation, issued = evaluation_opened(campaign, organizer, codes={LEADERS: 4})
    codes = {category: list(values) for category, values in issued.items() if values}
    print(
        json.dumps(
            {"campaign": campaign.pk, "organizer": organizer.username, "password": PASSWORD, "codes": codes}
        )
    )


if __name__ == "__main__":
    main()

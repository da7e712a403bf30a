"""Odd input to the evaluation's setup answers with a message, never a server error."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from debrief.evaluation import services
from debrief.evaluation.shares import parse_share

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["Infinity", "-inf", "NaN", "Infinity%", "1e999999999", "1e-999999999"])
def test_a_share_written_as_infinity_nan_or_a_huge_exponent_is_refused_as_not_a_share(text):
    with pytest.raises(ValidationError, match="is not a share; write it as 1/3, 30% or 0.3."):
        parse_share(text)


def test_the_setup_form_refuses_an_infinite_poor_rate_threshold_beside_the_field(client, cast, campaign):
    services.evaluation_set_up(campaign)
    client.force_login(cast.organizer_a)
    response = client.post(
        reverse("evaluation:setup", args=[campaign.pk]),
        {"action": "save", "poor_rate_threshold": "Infinity"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code in (200, 422)
    assert "“Infinity” is not a share; write it as 1/3, 30% or 0.3." in response.content.decode()


def test_applying_a_scheme_whose_id_is_not_a_number_is_refused_with_400(client, cast, campaign):
    services.evaluation_set_up(campaign)
    client.force_login(cast.organizer_a)
    response = client.post(
        reverse("evaluation:scheme_apply", args=[campaign.pk]), {"scheme": "abc"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "“abc” is not an id the page could have sent" in response.content.decode()

"""English pages punctuate in English; Chinese pages keep Chinese punctuation."""

import re

import pytest
from django.urls import reverse

from debrief.testing.factories import evaluation_opened

CJK_PUNCTUATION = re.compile("[（）；、：，。]")


@pytest.fixture
def opened(campaign, reporters, cast):
    evaluation, _codes = evaluation_opened(
        campaign, cast.organizer_a, ballot_excellent_cap="1/3", refuse_uniform_ballots=True
    )
    return evaluation


def visible_text(page) -> str:
    return re.sub(r"<[^>]+>", " ", page.content.decode())


def test_the_scheme_summary_lists_its_rules_with_english_punctuation_in_english(client, opened, cast):
    client.force_login(cast.organizer_a)
    url = reverse("evaluation:overview", args=[opened.campaign.pk])
    english = visible_text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    chinese = visible_text(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "every reporter needs an overall rating; at most 1/3" in english
    assert CJK_PUNCTUATION.findall(english) == []
    assert "；" in chinese


def test_the_language_picker_names_each_language_in_itself(client):
    for language in ("en", "zh-hans"):
        page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert '<option value="zh-hans" lang="zh-hans"' in page
        assert ">简体中文</option>" in page, language
        assert ">English</option>" in page, language

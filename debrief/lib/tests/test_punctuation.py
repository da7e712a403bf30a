"""Lists, clauses and brackets are punctuated in the page's language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from debrief.lib.text import join_clauses, join_names, parenthesized

CJK_PUNCTUATION = "（）；、：，。"


@pytest.mark.parametrize(
    ("language", "names", "clauses", "bracketed"),
    [
        ("en", "a, b, c", "a; b", "km (total)"),
        ("zh-hans", "a、b、c", "a；b", "km（total）"),
    ],
)
def test_helpers_punctuate_in_the_active_language(language, names, clauses, bracketed):
    with translation.override(language):
        assert join_names(["a", "b", "c"]) == names
        assert join_clauses(["a", "b"]) == clauses
        assert "km" + parenthesized("total") == bracketed


def test_templates_punctuate_without_loading_a_library():
    template = Template(
        "{% for x in items %}{{ x }}{% if not forloop.last %}{% list_separator %}{% endif %}{% endfor %}"
        "|{{ items|join_names }}|a{% clause_separator %}b|m{{ unit|parenthesized }}"
    )
    context = Context({"items": ["甲", "乙"], "unit": "<个>"})
    with translation.override("en"):
        english = template.render(context)
    with translation.override("zh-hans"):
        chinese = template.render(context)
    assert english == "甲, 乙|甲, 乙|a; b|m (&lt;个&gt;)"
    assert chinese == "甲、乙|甲、乙|a；b|m（&lt;个&gt;）"
    assert not set(english) & set(CJK_PUNCTUATION)

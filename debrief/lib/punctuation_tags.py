"""Template builtins that punctuate in the page's language.

Chinese lists take “、” and brackets take “（）”; an English page must not show them around
English text, so templates ask for the separator instead of writing it.
"""

from django import template

from debrief.lib import text

register = template.Library()


@register.simple_tag
def list_separator() -> str:
    return text.list_separator()


@register.simple_tag
def clause_separator() -> str:
    return text.clause_separator()


@register.filter
def join_names(values) -> str:
    return text.join_names(str(value) for value in values)


@register.filter
def parenthesized(value) -> str:
    return text.parenthesized(value)

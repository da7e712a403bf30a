from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def paragraphs(text: str):
    """Each line of a report section is a paragraph of its own (reports indent every paragraph)."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return format_html_join("\n", "<p>{}</p>", ((line,) for line in lines if line))

import segno
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def stopwatch(seconds) -> str:
    """Seconds as m:ss (or h:mm:ss), the way a speaking timer shows them."""
    if seconds is None:
        return ""
    seconds = int(seconds)
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


@register.filter
def qr_svg(url: str) -> str:
    """An inline SVG QR code of the link, scaled by its container."""
    svg = segno.make(url, error="m", micro=False).svg_inline(scale=1, border=2, omitsize=True)
    return mark_safe(svg)

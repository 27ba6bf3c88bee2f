"""Small helpers for writing inline SVG by hand: every attribute and text escaped, numbers kept short."""

from __future__ import annotations

from html import escape


def number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def element(tag: str, text: str | None = None, **attributes: str | float) -> str:
    """Attribute names use _ for - (font_size -> font-size); text is escaped like every attribute."""
    rendered = " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{escape(number(value) if isinstance(value, float) else str(value))}"'
        for name, value in attributes.items()
    )
    if text is None:
        return f"<{tag} {rendered}/>"
    return f"<{tag} {rendered}>{escape(text)}</{tag}>"


def titled(tag: str, tooltip: str, **attributes: str | float) -> str:
    """A shape with a hover tooltip (an SVG <title> child), which needs no script."""
    rendered = element(tag, **attributes).removesuffix("/>")
    return f"{rendered}><title>{escape(tooltip)}</title></{tag}>"

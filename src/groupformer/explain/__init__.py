"""`groupformer explain`: why a group works, why someone was not placed, and what would place them."""

from groupformer.explain.render import render_text
from groupformer.explain.report import explain

__all__ = ["explain", "render_text"]

"""`groupformer explain`: why a group works, why someone was not placed, and what would place them."""

from groupformer.explain.render import render_text
from groupformer.explain.report import explain
from groupformer.explain.reproduce import Sources, changed_signup_files

__all__ = ["Sources", "changed_signup_files", "explain", "render_text"]

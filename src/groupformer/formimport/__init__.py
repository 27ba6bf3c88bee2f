"""`groupformer import`: sign-ups exported from a web form (CSV) into the contract, with a mapping."""

from groupformer.formimport.importer import import_form

__all__ = ["import_form"]

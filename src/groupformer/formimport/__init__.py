"""`groupformer import`: sign-ups exported from a web form (CSV) into the contract, with a mapping."""

from groupformer.formimport.importer import FormImport, import_form, read_form

__all__ = ["FormImport", "import_form", "read_form"]

"""Engines that work on a compiled `Problem` and return groups as tuples of participant indices."""

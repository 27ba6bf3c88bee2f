"""Benchmarks: MDGPLIB instances and suites of sign-ups."""

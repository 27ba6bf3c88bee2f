"""`groupformer serve`: the coordinator's desk, a local web page over the library's public API.

Loaded only when the desk starts (FastAPI and uvicorn are heavy); `groupformer.serve` is `run.serve`.
"""

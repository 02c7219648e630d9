"""Extract focus areas, deadlines, figures and meetings from Danish police cooperation plans and
minutes. The public API is ``pipeline.api`` (``extract``, ``run``, ``read_tables``, ``inspect``,
``evaluate``, ``diff``, ``report``), also reachable as ``pipeline.<name>``."""
from pipeline.version import __version__

_API = ("Document", "RunResult", "diff", "evaluate", "extract", "inspect", "pipeline_version",
        "read_tables", "report", "run")


def __getattr__(name: str):
    # Lazily: ``import pipeline.lang.nlp`` in a worker must not load pandas, DuckDB and the batch
    # layer just because the package's __init__ runs first.
    if name in _API:
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


__all__ = ["__version__", *_API]

"""The one base class of the package's own errors."""

from __future__ import annotations


class WijkzichtError(Exception):
    """An error whose message is for the user: it names what is wrong and where.

    Rule scripts (`wijkzicht.pipeline.snake.run`) and the workflow's config validation print
    its message without a traceback and stop with exit status 1; any other exception is a bug
    and keeps its traceback.
    """

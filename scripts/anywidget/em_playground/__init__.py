"""em-playground in Jupyter: step through the EM algorithm in a notebook.

    from em_playground import EmPlayground
    widget = EmPlayground(model="coins", pi=0.46, p=0.55, q=0.67)
    widget                      # shows the widget; step it with its buttons
    widget.params               # {'pi': 0.4619..., 'p': 0.5346..., 'q': 0.6561...} after one step
    widget.log_likelihood

Settings are the element's attributes (see its README): ``model``, ``preset``,
``data``, the start (``pi``, ``p``, ``q``; ``weights``, ``means``, ``sigmas``…),
``rule``, ``step``, ``lang``, ``charts``, ``hide``, ``compact``… Write a
hyphenated name with an underscore (``max_iter``); lists become
comma-separated text. The front end is one ES module with the engine inlined
(anywidget loads modules from a string, so a .wasm next to it could not be
found: manzt/anywidget#921).
"""

from __future__ import annotations

import pathlib
from typing import Any

import anywidget
import traitlets

__all__ = ["EmPlayground"]
__version__ = "@VERSION@"


def _attribute_text(value: Any) -> str:
    """A setting's value as the element's attribute text."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(_attribute_text(item) for item in value)
    return str(value)


class EmPlayground(anywidget.AnyWidget):
    """One em-playground widget; its state syncs back after every step."""

    _esm = pathlib.Path(__file__).parent / "static" / "widget.js"

    settings = traitlets.Dict(help="The element's attributes, by name, as text.").tag(sync=True)
    state = traitlets.Dict(
        help="After each change: model, iteration, phase, params, logLikelihood, converged, error, history."
    ).tag(sync=True)

    def __init__(self, model: str = "coins", **settings: Any) -> None:
        named = {name.replace("_", "-"): _attribute_text(value) for name, value in settings.items()}
        super().__init__(settings={"model": model, **named})

    @property
    def params(self) -> dict | None:
        """The current parameters, as the widget shows them (None before it has drawn)."""
        return self.state.get("params")

    @property
    def log_likelihood(self) -> float | None:
        """The current log-likelihood (None before the widget has drawn, or if −∞)."""
        return self.state.get("logLikelihood")

    @property
    def iteration(self) -> int | None:
        """M-steps taken."""
        return self.state.get("iteration")

"""Labelling an article's lines with a trained linear-chain CRF (python-crfsuite).

The bundled model (``resources/models/lines.crfsuite``, written by ``bench/train_lines.py``) is
opened once, on first use. Each line gets the most likely kind of the most likely sequence,
and how sure the model is of it (the marginal probability of that kind at that line).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.ingest.lines.features import Line, features

_ROOT = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[3]))
MODEL = _ROOT / "resources" / "models" / "lines.crfsuite"


#: Kinds whose probability is read at every line, besides the line's own (the policy needs
#: the headline's to choose one).
ASKED = ("headline",)


@dataclass(frozen=True)
class Said:
    """The model's kind for a line, and the probability there of it and of the ASKED kinds."""

    kind: str
    marginals: dict[str, float]

    @property
    def confidence(self) -> float:
        return self.marginals.get(self.kind, 0.0)


class Labeller:
    """A CRF model of line kinds, read from ``path`` when first asked to label."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tagger: Any = None
        self._failed = False
        self._lock = threading.Lock()  # a tagger holds state between tag() and marginal()

    def available(self) -> bool:
        """Whether the model can be read (it is read now if it was not yet)."""
        with self._lock:
            return self._open() is not None

    def label(self, lines: Sequence[Line]) -> list[Said] | None:
        """What the model says of each line; None without a readable model."""
        if not lines:
            return []
        items = features(lines)
        with self._lock:
            tagger = self._open()
            if tagger is None:
                return None
            kinds = tagger.tag(items)
            asked = set(tagger.labels()) & set(ASKED)
            return [
                Said(k, {label: tagger.marginal(label, i) for label in {k, *asked}})
                for i, k in enumerate(kinds)
            ]

    def _open(self) -> Any:
        if self._tagger is None and not self._failed:
            import pycrfsuite  # here: only a process that parses text pays for it

            tagger = pycrfsuite.Tagger()
            try:
                tagger.open(str(self.path))
            except (OSError, ValueError):
                self._failed = True
                return None
            self._tagger = tagger
        return self._tagger


#: The model shipped with Claimdesk.
BUNDLED = Labeller(MODEL)

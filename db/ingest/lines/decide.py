"""Which kind each line ends with: the rules' or the line model's.

The thresholds were chosen by cross-validation on the development labels
(``python -m bench.train_lines --cv``): where the rules are not certain, the model's kind is
better than theirs at any confidence, save that long body text keeps the rules' verdict unless
the model is quite sure, and a shorter sentence of it unless the model is fairly sure it is
furniture (losing body text costs a reader more than keeping a stray line); and an article gets
one headline, the model's likeliest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from db.ingest import patterns as pat
from db.ingest.lines.features import Line
from db.ingest.lines.labeller import Said

HEADLINE, PARAGRAPH, BYLINE, CAPTION = "headline", "paragraph", "byline", "caption"
OTHER, COMMENT, STANDFIRST = "other", "comment", "standfirst"
DECK_TITLE = 0.1  # how likely a headline the line above a deck must be to take its place
DECK_UNSURE = 0.8  # ... where the model is less sure than this of the deck as headline
SUBHEADING, BOILERPLATE = "subheading", "boilerplate"
_SENTENCE_WORDS = 4  # a sentence of the body, however short
BODY = frozenset({PARAGRAPH, SUBHEADING, STANDFIRST})


@dataclass(frozen=True)
class Policy:
    confident: float = 0.0  # the model's kind wins from this marginal probability on
    body_words: int = 20  # a paragraph of the rules this long ...
    body_confident: float = 0.9  # ... needs the model this sure to become something else
    sentence_confident: float = 0.6  # a shorter sentence of the rules', to be set aside
    headline_floor: float = 0.0  # with no headline, the likeliest line is one above this
    keep_some_body: bool = True  # where the model leaves no body, the rules' longest stays
    other_needs_copy: bool = True  # "other" (repeated text) only for a copy of a line above
    comment_needs_cue: bool = True  # a comment only below the rules' first sign of a thread


CHOSEN = Policy()


def fixed(line: Line) -> bool:
    """Whether the rules' kind stands: they matched a sure pattern or cut the line up."""
    return line.sure or line.pieces > 1


def settled(line: Line, policy: Policy = CHOSEN) -> bool:
    """Whether the rules' kind is all but sure to stand: certain, or long body text.

    An article of such lines only (Tehran Times': a paragraph a line) is not given to the model.
    """
    return fixed(line) or (line.rule == PARAGRAPH and len(line.text.split()) >= policy.body_words)


def final_kinds(lines: Sequence[Line], said: Sequence[Said], policy: Policy = CHOSEN) -> list[str]:
    """The kind of each line, from the rules' verdicts and the model's."""
    kinds = [_one(line, s, policy) for line, s in zip(lines, said, strict=True)]
    for i in range(1, len(lines) - 1):
        # A heading of the rules' between two long paragraphs is body text too.
        if (
            lines[i].rule == SUBHEADING
            and _long_body(lines[i - 1], policy)
            and _long_body(lines[i + 1], policy)
            and said[i].confidence < policy.body_confident
        ):
            kinds[i] = SUBHEADING
    if policy.other_needs_copy:
        seen: set[str] = set()
        for i, line in enumerate(lines):
            text = " ".join(line.text.split()).lower()
            if kinds[i] == OTHER and text not in seen and line.rule != OTHER:
                kinds[i] = line.rule
            seen.add(text)
    _teaser_bylines(lines, kinds)
    if policy.comment_needs_cue:
        _no_comments_above_a_cue(lines, kinds)
    body = [i for i, line in enumerate(lines) if line.rule in BODY]
    # A photo story: its caption (or a lone line the rules took for a headline) is its body.
    body = body or [i for i, line in enumerate(lines) if line.rule in (CAPTION, HEADLINE)]
    if policy.keep_some_body and body and not BODY & set(kinds):
        longest = max(body, key=lambda i: len(lines[i].text))
        kinds[longest] = lines[longest].rule
    _one_headline(lines, said, kinds, policy)
    _copies_of_the_headline(lines, kinds)
    return kinds


def _copies_of_the_headline(lines: Sequence[Line], kinds: list[str]) -> None:
    """A copy of the headline above it (the page's title, before its menus) is ``other``."""
    first = next((i for i, kind in enumerate(kinds) if kind == HEADLINE), 0)
    title = _letters(lines[first].text)
    for i in range(first):
        if title and not fixed(lines[i]) and _letters(lines[i].text) == title:
            kinds[i] = OTHER


def _no_comments_above_a_cue(lines: Sequence[Line], kinds: list[str]) -> None:
    """The model's comments above the rules' first comment or comments heading keep their kind.

    Body text (a numbered list, a Q&A) is never lost to a thread no rule saw begin.
    """
    cue = next(
        (
            i
            for i, ln in enumerate(lines)
            if ln.rule == COMMENT or pat.COMMENTS_HEADER.match(ln.text)
        ),
        len(lines),
    )
    for i in range(cue):
        if kinds[i] == COMMENT:
            kinds[i] = lines[i].rule


def _teaser_bylines(lines: Sequence[Line], kinds: list[str]) -> None:
    """A byline the model gives a name found three times or more: a list of teasers' bylines."""
    names = Counter(_plain(line.text) for line in lines)
    for i, line in enumerate(lines):
        if kinds[i] == BYLINE and not fixed(line) and names[_plain(line.text)] >= 3:
            kinds[i] = BOILERPLATE


def _long_body(line: Line, policy: Policy) -> bool:
    return line.rule == PARAGRAPH and len(line.text.split()) >= policy.body_words


def _plain(text: str) -> str:
    return " ".join(text.split()).lower()


def _one(line: Line, said: Said, policy: Policy) -> str:
    if fixed(line) or said.confidence < policy.confident:
        return line.rule
    if line.rule == PARAGRAPH:
        words = len(line.text.split())
        if words >= policy.body_words and said.confidence < policy.body_confident:
            return line.rule
        if (
            said.kind == BOILERPLATE
            and words >= _SENTENCE_WORDS
            and said.confidence < policy.sentence_confident
            and line.text.rstrip().rstrip(pat.CLOSERS)[-1:] in ".?!"
        ):
            return line.rule  # body text is lost only where the model is fairly sure
    return said.kind


def _one_headline(
    lines: Sequence[Line], said: Sequence[Said], kinds: list[str], policy: Policy
) -> None:
    """Keep the likeliest run of headline lines; with none, make the likeliest line one."""
    runs: list[list[int]] = []
    for i, kind in enumerate(kinds):
        if kind == HEADLINE and not fixed(lines[i]):
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
    if runs:
        chosen = max(runs, key=lambda run: _mean(said[i].marginals.get(HEADLINE, 0) for i in run))
        best = _first_copy(lines, kinds, _no_repeats(lines, kinds, chosen))
        best = _above_its_deck(lines, said, kinds, best)
        title = {lines[i].text for i in best}
        for run in runs:
            for i in run if run is not chosen else ():
                if i not in best:
                    kinds[i] = OTHER if lines[i].text in title else BOILERPLATE
        return
    if HEADLINE in kinds:
        return  # the rules' own, on a line they are certain of
    free = [
        i
        for i, line in enumerate(lines)
        if not fixed(line)
        and not (line.rule == PARAGRAPH and len(line.text.split()) >= policy.body_words)
        and not (kinds[i] == PARAGRAPH and line.text.rstrip()[-1:] == ".")  # a sentence
    ]
    if free:
        i = max(free, key=lambda i: said[i].marginals.get(HEADLINE, 0))
        if said[i].marginals.get(HEADLINE, 0) > policy.headline_floor:
            kinds[i] = HEADLINE
            _first_copy(lines, kinds, [i])


def _above_its_deck(
    lines: Sequence[Line], said: Sequence[Said], kinds: list[str], run: list[int]
) -> list[int]:
    """A one-line headline with a shorter title just above it: that one is the headline.

    The longer line under it is its deck; a kicker above a headline has a word or three. Only
    where the model is unsure of its headline: a caption or an ad may stand above a true one.
    """
    if len(run) != 1 or run[0] == 0:
        return run
    i = run[0]
    top, deck = lines[i - 1], lines[i]
    words = len(top.text.split())
    if (
        not fixed(top)
        and 4 <= words < len(deck.text.split())
        and top.text.rstrip()[-1:] not in ".:;,|"
        and said[i - 1].marginals.get(HEADLINE, 0) >= DECK_TITLE
        and said[i].marginals.get(HEADLINE, 0) < DECK_UNSURE
    ):
        kinds[i - 1], kinds[i] = HEADLINE, STANDFIRST
        return [i - 1]
    return run


def _no_repeats(lines: Sequence[Line], kinds: list[str], run: list[int]) -> list[int]:
    """A headline run without the lines that repeat one above them in it (kept as ``other``)."""
    kept: list[int] = []
    for i in run:
        if any(_letters(lines[i].text) == _letters(lines[j].text) for j in kept):
            kinds[i] = OTHER
        else:
            kept.append(i)
    return kept


def _first_copy(lines: Sequence[Line], kinds: list[str], run: list[int]) -> list[int]:
    """Of a one-line headline with a copy just above it, the first copy.

    The first is the headline, the later one a repeat of it; where the rules are certain of
    what the first is (a caption), the repeat is no headline either.
    """
    if len(run) != 1:
        return run
    i = run[0]
    text = _letters(lines[i].text)
    for j in range(i - 1, max(-1, i - 3), -1):
        if _letters(lines[j].text) == text:
            kinds[i] = OTHER
            if fixed(lines[j]):
                return []
            kinds[j] = HEADLINE
            return [j]
    return run


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _mean(values: Iterable[float]) -> float:
    xs = list(values)
    return sum(xs) / len(xs) if xs else 0.0

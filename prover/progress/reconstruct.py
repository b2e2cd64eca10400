"""Goal states before each step of a proof file, reconstructed from the text alone (no Lean).

A proof file says what Lean's goal was only at the start (miniF2F ships that initial goal as Lean printed it).
This module replays each step's *textual* effect on a goal stack so the predictor trains on states shaped like
the ones the search sees (hypotheses, then ``⊢ target``; several goals separated by a blank line, as
``State.text`` renders them):

- exact effects, read from the step text: ``intro``/``intros``/``rintro`` names binders of ``∀``/``→``/``¬``;
  ``have h : T`` adds ``h : T`` and, with a ``:= by`` block, opens the goal ``⊢ T`` first; ``by_contra h``
  adds ``h : ¬target`` with target ``False``; ``by_cases h : p`` and ``rcases h with a | b`` (on ``A ∨ B``)
  split into two goals; ``constructor``/``refine ⟨?_, ?_⟩`` split ``∧``/``↔``; ``show T`` sets the target;
- goals close where the proof's block structure says so (a ``have … := by`` block, a bullet or an
  alternative ends; the proof ends), and a finishing tactic (``linarith``, ``exact`` …) closes the first of
  several goals;
- everything else (``rw``, ``simp``/``norm_num`` that do not finish, ``field_simp``, ``apply`` …) changes
  the goal in ways only Lean knows: the text is left as it was, and the step is counted in ``approximate``.

Each reconstructed state therefore has a count of earlier steps whose effect was not modelled; a state with
``approximate == 0`` is exactly what Lean prints up to hypothesis grouping and case tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from prover.progress.splitter import SplitProof, Step, stated_type

__all__ = ["Goal", "ReconstructedState", "parse_goal", "reconstruct_states"]

_OPEN = "([{⟨⦃"
_CLOSE = ")]}⟩⦄"
# tactics that never leave the goal open when they succeed
_ALWAYS_FINISH = frozenset(
    [
        "linarith",
        "nlinarith",
        "omega",
        "positivity",
        "decide",
        "rfl",
        "exact",
        "assumption",
        "tauto",
        "aesop",
        "contradiction",
        "trivial",
        "simpa",
        "exact_mod_cast",
        "linarith!",
        "nlinarith!",
        "polyrith",
        "exacts",
    ]
)
# tactics that finish the goal they run on (or fail): after one, that goal is gone
_FINISHING = _ALWAYS_FINISH | frozenset(
    [
        "norm_num",
        "simp",
        "simp_all",
        "field_simp",
        "ring",
        "exfalso",
        "bound",
        "gcongr",
        "abel",
        "group",
        "nlinarith?",
        "exact?",
        "norm_cast",
        "push_cast",
    ]
)
_NAME_RE = re.compile(r"[^\s⟨⟩(),|:]+")


@dataclass
class Goal:
    """One goal as Lean prints it: hypothesis lines (``x y : ℝ``), the target, an optional case tag."""

    hyps: list[str]
    target: str
    case: str | None = None

    def render(self) -> str:
        """The goal's text (``case tag`` line, hypotheses, ``⊢ target``)."""
        head = [f"case {self.case}"] if self.case else []
        return "\n".join([*head, *self.hyps, f"⊢ {self.target}"])

    def copy(self, **changes: object) -> Goal:
        """A copy with its own hypothesis list."""
        g = replace(self, hyps=list(self.hyps))
        return replace(g, **changes) if changes else g

    def hyp_type(self, name: str) -> str | None:
        """The type of hypothesis ``name`` (the last one of that name, as Lean shadows)."""
        for line in reversed(self.hyps):
            names, sep, typ = line.partition(" : ")
            if sep and name in names.split():
                return typ
        return None

    def add(self, name: str, typ: str) -> None:
        """Add ``name : typ`` (a hypothesis of the same name is shadowed, as Lean shows it with ``✝``)."""
        for i, line in enumerate(self.hyps):
            names, sep, rest = line.partition(" : ")
            parts = names.split()
            if sep and name in parts:
                parts = [f"{p}✝" if p == name else p for p in parts]
                self.hyps[i] = f"{' '.join(parts)} : {rest}"
        self.hyps.append(f"{name} : {typ}")

    def remove(self, name: str) -> None:
        """Drop hypothesis ``name`` (other names of its line stay)."""
        for i in range(len(self.hyps) - 1, -1, -1):
            names, sep, rest = self.hyps[i].partition(" : ")
            parts = names.split()
            if sep and name in parts:
                parts.remove(name)
                if parts:
                    self.hyps[i] = f"{' '.join(parts)} : {rest}"
                else:
                    del self.hyps[i]
                return


def parse_goal(text: str) -> Goal:
    """A goal from Lean's rendering (continuation lines are indented); no ``⊢`` gives the whole text as target."""
    hyps: list[str] = []
    target_lines: list[str] | None = None
    case = None
    for line in text.strip("\n").splitlines():
        if target_lines is not None:
            target_lines.append(line)
        elif line.startswith("⊢"):
            target_lines = [line[1:].strip()]
        elif line.startswith("case ") and not hyps:
            case = line[5:].strip()
        elif line[:1].isspace() and hyps:
            hyps[-1] += "\n" + line
        elif line.strip():
            hyps.append(line)
    if target_lines is None:
        return Goal([], " ".join(text.split()), case)
    return Goal(hyps, "\n".join(target_lines), case)


@dataclass(frozen=True)
class ReconstructedState:
    """The state before one step: its text (goals joined by a blank line) and how faithful it is."""

    text: str
    goals: int
    approximate: int  # earlier steps whose effect on the text was not modelled


@dataclass
class _Frame:
    column: int  # steps at a column > this belong to the frame
    goals: list[Goal] = field(default_factory=list)


def _top_level_split(text: str, sep: str) -> list[str]:
    """``text`` cut at ``sep`` outside brackets (binder commas, ``∧`` …)."""
    parts, depth, start, k = [], 0, 0, 0
    while k < len(text):
        c = text[k]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
        elif depth == 0 and text.startswith(sep, k):
            parts.append(text[start:k].strip())
            k += len(sep)
            start = k
            continue
        k += 1
    parts.append(text[start:].strip())
    return parts


def _strip_parens(t: str) -> str:
    t = t.strip()
    while t.startswith("(") and t.endswith(")") and _top_level_split(t[1:-1], ")") == [t[1:-1].strip()]:
        inner = t[1:-1]
        if _balanced(inner):
            t = inner.strip()
        else:
            break
    return t


def _balanced(t: str) -> bool:
    depth = 0
    for c in t:
        depth += c in _OPEN
        depth -= c in _CLOSE
        if depth < 0:
            return False
    return depth == 0


def _binders(target: str) -> tuple[list[tuple[str, str]], str] | None:
    """``∀ binders, body`` -> ([(name, type)…], body); binder predicates ``x > 0`` give a hypothesis."""
    t = target.strip()
    if not t.startswith("∀"):
        return None
    comma = _top_level_split(t[1:], ",")
    if len(comma) < 2:
        return None
    head, body = comma[0], ",".join(comma[1:]).strip()
    out: list[tuple[str, str]] = []
    groups = re.findall(r"[({⦃\[]([^(){}⦃⦄\[\]]*)[)}⦄\]]", head) if head[:1] in "({⦃[" else [head]
    for g in groups:
        names, sep, typ = g.partition(":")
        for rel in ("∈", "≥", "≤", ">", "<", "≠"):
            if not sep and f" {rel} " in g:  # binder predicate: ∀ x > 0, P  ==  ∀ x, x > 0 → P
                var = g.split(f" {rel} ")[0].strip()
                out.append((var, "?"))
                out.append(("", g.strip()))
                break
        else:
            out.extend((n, typ.strip() if sep else "?") for n in names.split())
    return out, body


def _intro(goal: Goal, names: list[str]) -> bool:
    """Apply ``intro names``; False when the target does not have that many binders (nothing changed)."""
    g = goal.copy()
    pending: list[tuple[str, str]] = []
    for name in names:
        if not pending:
            target = _strip_parens(g.target)
            b = _binders(target)
            if b is not None:
                pending, g.target = b[0], b[1]
            elif target.startswith("¬"):
                pending, g.target = [("", _strip_parens(target[1:]))], "False"
            elif len(arrow := _top_level_split(target, "→")) >= 2:
                pending, g.target = [("", arrow[0])], " → ".join(arrow[1:])
            elif len(ne := _top_level_split(target, "≠")) == 2:  # a ≠ b is a = b → False
                pending, g.target = [("", f"{ne[0]} = {ne[1]}")], "False"
            else:
                return False
        bound, typ = pending.pop(0)
        if (bound and typ != "?") or not bound:
            g.add(name, typ)
        # a variable whose type the statement leaves implicit is added with the type Lean would infer: unknown
        if bound and name != bound and g.target:
            g.target = re.sub(rf"(?<![\w.']){re.escape(bound)}(?![\w'])", name, g.target)
            pending = [(n, re.sub(rf"(?<![\w.']){re.escape(bound)}(?![\w'])", name, t)) for n, t in pending]
    if pending:  # unconsumed binders go back in front of the target
        named = [f"({n} : {t})" for n, t in pending if n]
        props = [t for n, t in pending if not n]
        body = g.target
        for p in reversed(props):
            body = f"{p} → {body}"
        g.target = f"∀ {' '.join(named)}, {body}" if named else body
    goal.hyps, goal.target = g.hyps, g.target
    return True


def _pattern_names(text: str) -> list[str]:
    return [n for n in _NAME_RE.findall(text) if n not in ("with", "rfl", "_")]


def _split_conj(target: str, parts: int) -> list[str] | None:
    t = _strip_parens(target)
    conj = _top_level_split(t, "∧")
    if len(conj) >= 2:
        head = conj[: parts - 1]
        return [*head, " ∧ ".join(conj[parts - 1 :])] if parts <= len(conj) else None
    iff = _top_level_split(t, "↔")
    if len(iff) == 2 and parts == 2:
        return [f"{iff[0]} → {iff[1]}", f"{iff[1]} → {iff[0]}"]
    return None


def _first_word(text: str) -> str:
    m = re.match(r"[^\s\[(⟨]+", text)
    return m.group(0) if m else ""


class _Replayer:
    def __init__(self, initial: Goal) -> None:
        self.frames = [_Frame(-1, [initial])]
        self.approximate = 0
        self.last_goal = initial

    def goals(self) -> list[Goal]:
        return [g for f in reversed(self.frames) for g in f.goals]

    def current(self) -> Goal | None:
        for f in reversed(self.frames):
            if f.goals:
                return f.goals[0]
        return None

    def frame_with_goal(self) -> _Frame:
        for f in reversed(self.frames):
            if f.goals:
                return f
        return self.frames[-1]

    def enter(self, step: Step) -> None:
        """Pop the blocks this step is outside of; a bullet/alternative focuses the first goal."""
        column = step.indent if step.column < 0 else step.column
        while len(self.frames) > 1 and self.frames[-1].column >= column:
            self.frames.pop()  # a block ends: Lean has closed its goals
        if step.column >= 0 and step.column < step.indent:
            frame = self.frames[-1]
            if frame.goals:
                goal = frame.goals.pop(0)
            else:  # more bullets than the text gave goals: work on a copy of the last goal seen
                goal = self.last_goal.copy()
                self.approximate += 1
            self.frames.append(_Frame(column, [goal]))

    def state(self) -> ReconstructedState:
        goals = self.goals()
        if not goals:  # the text lost track (a block closed more than Lean did): show the last goal seen
            goals = [self.last_goal]
        self.last_goal = goals[0]
        return ReconstructedState("\n\n".join(g.render() for g in goals), len(goals), self.approximate)

    def apply(self, step: Step, text: str, last_in_block: bool) -> None:
        """Apply the effect of ``text`` (a step, or a ``<;>`` chain read as its head) on the first goal."""
        frame = self.frame_with_goal()
        if not frame.goals:
            self.approximate += 1
            return
        goal = frame.goals[0]
        if step.kind == "opener":
            self._opener(frame, goal, step, text)
            return
        word = _first_word(text)
        args = text[len(word) :].strip()
        exact = self._tactic(frame, goal, word, args, text, last_in_block)
        if not exact:
            self.approximate += 1

    def _opener(self, frame: _Frame, goal: Goal, step: Step, text: str) -> None:
        typ = stated_type(text)
        word = _first_word(text)
        if typ is not None and word in ("have", "haveI", "replace"):
            name = self._have_name(text)
            inner = goal.copy(target=typ, case=None)
            if word == "replace":
                goal.remove(name)
            goal.add(name, typ)
            self.frames.append(_Frame(step.indent, [inner]))
            return
        if typ is not None:  # obtain pat : T := by …  — the pattern's names are not modelled
            self.frames.append(_Frame(step.indent, [goal.copy(target=typ, case=None)]))
            self.approximate += 1
            return
        # an opener without a stated goal (calc step, `suffices … by`, `all_goals`, …): the block works on
        # the current goal
        frame.goals.pop(0)
        self.frames.append(_Frame(step.indent, [goal]))
        self.approximate += 1

    @staticmethod
    def _have_name(text: str) -> str:
        m = re.match(r"(?:have|haveI|replace|obtain)\s+([^\s:⟨(]+)\s*[:(]", text)
        return m.group(1) if m and m.group(1) != ":" else "this"

    def _tactic(self, frame: _Frame, goal: Goal, word: str, args: str, text: str, last: bool) -> bool:
        if word in ("intro", "intros", "rintro"):
            names = _pattern_names(args) or ["a✝"]
            return _intro(goal, names)
        if word in ("by_contra", "by_contra!"):
            name = _pattern_names(args)[0] if _pattern_names(args) else "h✝"
            goal.add(name, f"¬{goal.target}" if word == "by_contra" else f"¬({goal.target})")
            goal.target = "False"
            return word == "by_contra"
        if word == "exfalso":
            goal.target = "False"
            return True
        if word == "show":
            goal.target = args.split(" from ")[0].strip()
            return True
        if word in ("have", "haveI") and ":=" in text:
            typ = _have_type(text)
            alias = text.split(":=", 1)[1].strip()
            if typ is None:
                typ = _instantiate(goal, alias)  # `have h := h₀ 2`: a known hypothesis, instantiated
            if typ is None:
                return False  # `have h := term`: Lean shows the inferred type, which the text does not give
            goal.add(self._have_name(text), typ)
            return True
        if word == "by_cases":
            name, _, prop = args.partition(":")
            name = name.strip() if prop else "h"
            prop = (prop or args).strip()
            pos, neg = goal.copy(case="pos"), goal.copy(case="neg")
            pos.add(name, prop)
            neg.add(name, f"¬{prop}")
            frame.goals[0:1] = [pos, neg]
            return True
        if word in ("constructor", "refine", "refine'", "split_ands"):
            holes = 2 if word == "constructor" else max(2, args.count("?_") + args.count(" _"))
            if word != "constructor" and not args.startswith("⟨"):
                return False
            parts = _split_conj(goal.target, holes)
            if parts is None:
                return False
            tags = (
                ["mp", "mpr"]
                if "↔" in _strip_parens(goal.target) and "∧" not in goal.target
                else ["left", "right"]
            )
            new = [
                goal.copy(target=p, case=tags[i] if word == "constructor" else None)
                for i, p in enumerate(parts)
            ]
            frame.goals[0:1] = new
            return True
        if word in ("rcases", "cases'", "obtain", "cases"):
            return self._destruct(frame, goal, word, args)
        if word in _FINISHING and not word.endswith("at") and " at " not in f" {args} ":
            if last:
                return True  # the block ends here: the structure closes the goal
            if len(frame.goals) > 1 or word in _ALWAYS_FINISH:
                frame.goals.pop(0)
                return word in _ALWAYS_FINISH
            return False
        return last  # the block ends after it (the goal closes whatever it did); else its effect is unknown

    def _destruct(self, frame: _Frame, goal: Goal, word: str, args: str) -> bool:
        if word == "obtain":
            pat, _, src = args.partition(":=")
        elif word == "cases'":
            src, _, pat = args.partition(" with ")
        else:
            src, _, pat = args.partition(" with ")
        src, pat = src.strip(), pat.strip()
        typ = goal.hyp_type(src) if re.fullmatch(r"[^\s()]+", src) else None
        if typ is None:
            return False
        alts = [a.strip() for a in _top_level_split(pat.strip("⟨⟩()"), "|")] if "|" in pat else None
        disj = _top_level_split(_strip_parens(typ), "∨")
        if alts is not None or (word == "cases'" and len(disj) > 1):
            names = alts or _pattern_names(pat)
            if len(disj) < 2 or not names:
                return False
            branches = [*disj[: len(names) - 1], " ∨ ".join(disj[len(names) - 1 :])][: len(names)]
            new = []
            for i, (n, t) in enumerate(zip(names, branches, strict=False)):
                g = goal.copy(case="inl" if i == 0 else "inr")
                g.remove(src)
                g.add(_pattern_names(n)[0] if _pattern_names(n) else src, t)
                new.append(g)
            frame.goals[0:1] = new
            return True
        conj = _top_level_split(_strip_parens(typ), "∧")
        names = _pattern_names(pat)
        if len(conj) >= 2 and len(names) >= 2:
            parts = [*conj[: len(names) - 1], " ∧ ".join(conj[len(names) - 1 :])]
            goal.remove(src)
            for n, t in zip(names, parts, strict=False):
                goal.add(n, t)
            return True
        return False


def _instantiate(goal: Goal, term: str) -> str | None:
    """The type of ``h a b`` for a hypothesis ``h : ∀ x y, P x y`` with simple arguments (else None)."""
    words = _top_level_split(term.strip(), " ")
    words = [w for w in words if w]
    if not words or not re.fullmatch(r"[^\s()]+", words[0]):
        return None
    typ = goal.hyp_type(words[0])
    if typ is None or len(words) == 1:
        return typ
    b = _binders(_strip_parens(typ))
    if b is None:
        return None
    bound, body = b
    named = [n for n, _ in bound if n]
    if len(words) - 1 > len(named) or len(named) != len(bound):
        return None
    for name, arg in zip(named, words[1:], strict=False):
        value = arg if re.fullmatch(r"[\w.'₀-₉]+|\(.*\)", arg) else f"({arg})"
        body = re.sub(rf"(?<![\w.']){re.escape(name)}(?![\w'])", value, body)
    rest = bound[len(words) - 1 :]
    if rest:
        body = "∀ " + " ".join(f"({n} : {t})" for n, t in rest) + f", {body}"
    return body


def _have_type(text: str) -> str | None:
    """``T`` of a one-line ``have h : T := term``."""
    head = _top_level_split(text, ":=")[0]
    m = re.match(r"(?:have|haveI)\s+(?:[^\s:(]+\s*)?(?:\([^)]*\)\s*)*:\s*(.+)$", head, re.S)
    return m.group(1).strip() if m else None


def reconstruct_states(split: SplitProof, initial_goal: str) -> list[ReconstructedState]:
    """The state before each step of ``split``, starting from ``initial_goal`` (Lean's rendering)."""
    steps = split.steps
    replayer = _Replayer(parse_goal(initial_goal))
    out: list[ReconstructedState] = []
    head = steps[0]
    for i, step in enumerate(steps):
        if step.kind != "combinator":
            replayer.enter(step)
            head = step
        out.append(replayer.state())
        nxt = steps[i + 1] if i + 1 < len(steps) else None
        if nxt is not None and nxt.kind == "combinator":
            continue  # a `<;>` chain acts as one tactic: its effect shows after its last segment
        last = nxt is None or (nxt.indent if nxt.column < 0 else nxt.column) <= replayer.frames[-1].column
        if step is not head and _first_word(step.text) in _ALWAYS_FINISH and head.kind != "opener":
            # `tac <;> linarith`: the chain finishes every goal `tac` made, i.e. the goal it started on
            replayer.apply(head, "linarith", last_in_block=last)
        else:
            replayer.apply(head, head.text, last_in_block=last)
    return out

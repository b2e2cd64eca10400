"""Self-check of emitted Lean text: read a proof back with the bridge's parser and elaborate it in the
theorem's context before it is offered to anyone.

No Lean runs here, so this is the project's own check and it only ever *rejects* (checker ``self-check``):
a script that passes may still fail in Lean, a script that fails would certainly be rejected there or says
something other than what the SMT proof used. Checked, step by step over a tactic block:

- ``intro x h`` introduces the goal's ``∀`` binders and ``→`` premises in order;
- ``obtain ⟨h_1, …⟩ := h`` splits a conjunction of at least that many parts, ``obtain ⟨x, hx⟩ := h`` opens
  an ``∃`` (a witness per bound variable);
- ``have i := h a₁ … aₙ`` applies a ∀-hypothesis to exactly its arguments: one term per bound variable, of
  the binder's sort (``h₀ (g 3)``, never ``h₀ g (3 : ℝ)``), and a ``(by …)`` proof per guard; the stated
  instance is the formula the arguments give;
- ``have f := Lemma a₁ …`` cites a known Mathlib lemma with arguments of its signature; ``(show P by …)`` and
  ``(term : P)`` arguments state a proposition that must elaborate;
- ``have h : P := …`` states a proposition that elaborates, with every literal's type fixed;
- ``nlinarith [sq_nonneg t, …]`` hints name known facts or terms that elaborate;
- ``ring`` / ``linear_combination c₁ * h₁ + …`` close the goal only when ``a - b - Σ cᵢ (lᵢ - rᵢ)`` is 0 in
  the ring normal form (:mod:`symbolic.bridge.ring_cert`, the model of Mathlib's ``ring1``; ``Complex.I_sq``
  is ``I ^ 2 = -1``), ``apply mul_left_cancel₀ (sub_ne_zero.mpr h)`` on ``h : u ≠ v`` turns ``a = b`` into
  ``(u - v) * a = (u - v) * b``, and ``exact ⟨by …, by …⟩`` closes each conjunct so;
- every Mathlib / Lean name the script cites is one of :mod:`symbolic.bridge.lean_names` (compared with the
  pinned Mathlib's statements; a name outside it is refused);
- every instance the SMT proof used (``instances=``) is stated by some ``have``;
- the closing line can use every local hypothesis the SMT proof needed (``needs=``): ``norm_num``, ``simp``,
  ``decide`` and ``positivity`` read no local hypothesis unless it is named in their ``[…]`` list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from symbolic.bridge.elaborate import Sequent, elaborator_in, fold_constant
from symbolic.bridge.errors import LeanSyntaxError, UnsupportedError
from symbolic.bridge.instances import Instance, QuantifiedHypothesis, peel
from symbolic.bridge.lean_names import cited_names, unaudited_names
from symbolic.bridge.lean_text import lean_text
from symbolic.bridge.lexer import Token, tokenize
from symbolic.bridge.parser import parse_expr
from symbolic.bridge.ring_cert import I_SQ, Atoms, poly
from symbolic.bridge.syntax import Binary, Expr, Ident, Prefix
from symbolic.bridge.translate import Translation, translate
from symbolic.errors import InputError, SortError
from symbolic.logic import (
    BOOL,
    COMPLEX,
    INT,
    NAT,
    RAT,
    REAL,
    Op,
    Sort,
    Term,
    app,
    const,
    forall,
    substitute,
    var,
)
from symbolic.logic.terms import APP, QUANT

__all__ = ["LEMMA_SIGNATURES", "SelfCheckReport", "reads_hypothesis", "self_check"]

#: Mathlib lemmas the hammer cites, with the sorts of their explicit term arguments (proof arguments are
#: ``(show … by …)`` / ``(by …)`` groups and are checked as propositions)
LEMMA_SIGNATURES: dict[str, tuple[Sort, ...]] = {
    "Real.sqrt_nonneg": (REAL,), "Real.sq_sqrt": (), "Real.sqrt_eq_zero_of_nonpos": (),
    "Nat.gcd_dvd_left": (NAT, NAT), "Nat.gcd_dvd_right": (NAT, NAT), "Nat.gcd_mul_lcm": (NAT, NAT),
    "Nat.dvd_lcm_left": (NAT, NAT), "Nat.dvd_lcm_right": (NAT, NAT), "Nat.gcd_pos_of_pos_left": (NAT,),
    "Real.pi_gt_d2": (), "Real.pi_lt_d2": (), "Real.rpow_nonneg": (),
}
_HINT_LEMMAS = {"sq_nonneg", "sq_abs", "abs_nonneg", "pow_two_nonneg"}  # hint lemmas whose arguments are terms
_OPEN = {"(": ")", "[": "]", "⟨": "⟩", "{": "}"}
_DECL = re.compile(r"(?m)^\s*(?:theorem|lemma|example)\b")


@dataclass
class SelfCheckReport:
    """What the read-back found: ``problems`` (empty: the text passed), how many steps were checked, and
    whether the theorem's context could be elaborated at all (when not, nothing could be checked)."""

    problems: list[str] = field(default_factory=list)
    steps_checked: int = 0
    context_known: bool = True
    unread: list[str] = field(default_factory=list)  # steps outside what the bridge can read (not problems)
    unaudited: list[str] = field(default_factory=list)  # cited names outside symbolic.bridge.lean_names

    @property
    def ok(self) -> bool:
        """No definite problem (steps it could not read are listed in ``unread``, not held against the text)."""
        return self.context_known and not self.problems

    @property
    def complete(self) -> bool:
        """Every step was read and every cited name audited: what the project's own emitters (the hammer, the
        symbolic environment's closers) must reach; a text checked by Lean afterwards need only be ``ok``."""
        return self.ok and not self.unread and not self.unaudited

    def to_json(self) -> dict[str, object]:
        return {"ok": self.ok, "complete": self.complete, "problems": list(self.problems),
                "unread": list(self.unread), "unaudited": list(self.unaudited), "steps_checked": self.steps_checked,
                "context_known": self.context_known}


#: tactics that search the whole local context (a hypothesis need not be named for them to use it)
_CONTEXT_READERS = re.compile(r"(?<![\w.])(linarith!?|nlinarith!?|omega|simp_all|aesop|tauto|assumption|polyrith"
                              r"|bound)(?![\w.])|\bat \*|\[\*\]")
# closers whose argument is a term: a hypothesis named anywhere in it is used (``linear_combination i1 + …``)
_SETUP = re.compile(r"^\s*(have|intro|intros|obtain|rcases|rintro|cases'?|induction'?)(?![\w.])")
_TERM_CLOSERS = re.compile(r"^\s*(linear_combination|exact|apply|refine|rw|simpa)(?![\w.])", re.M)


def reads_hypothesis(closer: str, name: str) -> bool:
    """Whether the closing tactic ``closer`` can use the local hypothesis ``name``: it searches the context
    (``linarith``, ``omega``, ``simp_all``, ``… at *``, ``[*]``), names it in a ``[…]`` list (``norm_num [h₀]``)
    or in the term of a term closer (``linear_combination i1 + Complex.I_sq``, ``exact h``).
    ``norm_num``, ``simp``, ``decide`` and ``positivity`` alone read only the goal."""
    if _CONTEXT_READERS.search(closer):
        return True
    named = re.compile(rf"(?<![\w.']){re.escape(name)}(?![\w.'])")
    if _TERM_CLOSERS.search(closer) and named.search(closer):
        return True
    return any(named.search(closer[m.start():]) for m in re.finditer(r"\[", closer))


def self_check(theorem: str | Translation, proof_text: str, *,
               instances: list[Instance] | tuple[Instance, ...] = (),
               needs: list[str] | tuple[str, ...] = ()) -> SelfCheckReport:
    """Read ``proof_text`` (a tactic block, or a whole ``theorem … := by …``) back in ``theorem``'s context.

    ``theorem`` is Lean text (a statement or a printed goal state) or its translation; ``instances`` are the
    quantifier instances the SMT proof used, each of which the script must state; ``needs`` are the local
    hypotheses (and ``have`` names) the SMT proof used, which the closing line must be able to read.
    """
    report = SelfCheckReport()
    try:
        tr = theorem if isinstance(theorem, Translation) else translate(theorem, source="<theorem>")
    except InputError as exc:
        report.context_known = False
        report.problems.append(f"the theorem's context does not elaborate: {exc}")
        return report
    ctx = _Context(tr.sequent)
    stated: list[Term] = []
    for line in _tactic_lines(proof_text):
        report.steps_checked += 1
        try:
            found = ctx.step(line)
        except UnsupportedError as exc:
            # outside the fragment is not wrong (a search proof may say more than the bridge reads); a name
            # bound nowhere is
            where = report.problems if exc.construct.startswith("unknown identifier") else report.unread
            where.append(f"{line[:60]!r}: {exc}")
            continue
        except (InputError, SortError, RecursionError) as exc:
            report.problems.append(f"{line[:60]!r}: {exc}")
            continue
        if isinstance(found, str):
            report.problems.append(f"{line[:60]!r}: {found}")
        elif found is not None:
            stated.append(_normal(found))
    lines = _tactic_lines(proof_text)
    # the closing block: the lines after the setup (instances, facts, intros); a step such as
    # `apply mul_left_cancel₀ (sub_ne_zero.mpr h₁)` before the last line uses what it names
    closing = [ln for ln in lines if not _SETUP.match(ln)] or lines[-1:]
    if lines and (blind := [n for n in needs if not any(reads_hypothesis(ln, n) for ln in closing)]):
        report.problems.append(f"closer {lines[-1][:40]!r} cannot use {', '.join(blind)}, which the SMT proof "
                               "needs (name it in its [...] list or use a closer that reads the context)")
    # a name no one compared with Mathlib's statement: the project's own text citing it is refused (`complete`)
    known = {*ctx.hyps, *ctx.el.scope, *ctx.facts, *cited_names(tr.text or tr.header or "")}
    if isinstance(theorem, str):
        known.update(cited_names(theorem))
    report.unaudited = [f"cites {name}, which is not among the audited Lean names (symbolic.bridge.lean_names)"
                        for name in unaudited_names("\n".join(lines), known)]
    for inst in instances:
        if _normal(inst.formula) not in stated:
            report.problems.append(f"instance {inst.hypothesis} {' '.join(inst.lean_args)} used by the SMT proof "
                                   "is not stated in the script")
    return report


def _tactic_lines(text: str) -> list[str]:
    """The tactic lines of a block (``theorem … := by`` stripped; ``<;>`` chains kept on their line)."""
    body = text
    decl = _DECL.search(body)  # a whole file or declaration: the block after the theorem's `:= by`
    cut = body.find(":= by", decl.start()) if decl else -1
    if cut >= 0:
        body = body[cut + len(":= by"):]
    # `set_option exponentiation.threshold N in tac` is `tac` read with a larger power bound
    return [_OPTION.sub("", ln.strip()) for ln in body.splitlines() if ln.strip() and not ln.strip().startswith("--")]


_OPTION = re.compile(r"^(set_option\s+[\w.]+\s+\S+\s+in\s+)+")


def _normal(t: Term) -> Term:
    """Closed field subterms folded to one literal, so ``(1 / 3 : ℝ)`` read back equals the constant 1/3."""
    if t.sort in (RAT, REAL) and t.kind == APP and not t.free_vars:
        v = fold_constant(t)
        if v is not None:
            return const(Fraction(v), t.sort)
    if t.kind == APP and t.args:
        return app(t.head, *(_normal(a) for a in t.args), sort=t.sort if t.op is Op.CAST else None)
    return t


class _Context:
    """The local context while reading a tactic block: variables and named hypotheses, and the goal."""

    def __init__(self, seq: Sequent) -> None:
        self.el = elaborator_in(seq)
        self.hyps: dict[str, Term] = {h.name: h.formula for h in seq.hypotheses}
        self.goal = seq.goal
        self.facts: set[str] = set()

    def step(self, line: str) -> Term | str | None:
        """Check one tactic line: a problem (str), the formula a ``have`` states, or None."""
        if line.startswith("intro "):
            return self.intro(line.split()[1:])
        if line.startswith("obtain ⟨"):
            return self.obtain(line)
        if line.startswith("have "):
            return self.have(line[len("have "):])
        if line.startswith(_CANCEL) and line.endswith(")"):
            return self.cancel(line[len(_CANCEL):-1].strip())
        if line == "ring" or line.startswith("linear_combination "):
            return self.combination(line, self.goal)
        if line.startswith("exact ⟨by ") and line.endswith("⟩"):
            parts = _split_commas(line[len("exact ⟨"):-1])
            goals = _conjuncts(self.goal, len(parts))
            if goals is None:
                return f"exact ⟨…⟩ gives {len(parts)} proofs, the goal has fewer conjuncts"
            for part, g in zip(parts, goals, strict=True):
                part = part.strip()
                if not part.startswith("by "):
                    raise UnsupportedError(f"anonymous constructor part {part[:30]!r}", source="<proof>")
                problem = self.combination(part[len("by "):].strip(), g)
                if problem is not None:
                    return problem
            return None
        return self.closer(line)

    def cancel(self, name: str) -> str | None:
        """``apply mul_left_cancel₀ (sub_ne_zero.mpr h)``: ``a = b`` becomes ``(u - v) * a = (u - v) * b``."""
        h = self.hyps.get(name)
        if h is None or h.op is not Op.NE:
            return f"mul_left_cancel₀: {name} is not a hypothesis u ≠ v"
        if self.goal.op is not Op.EQ or self.goal.args[0].sort is not h.args[0].sort:
            return "mul_left_cancel₀: the goal is not an equation of the hypothesis' type"
        factor = app(Op.SUB, *h.args)
        self.goal = app(Op.EQ, *(app(Op.MUL, factor, x) for x in self.goal.args))
        return None

    def combination(self, line: str, goal: Term) -> str | None:
        """``ring`` / ``linear_combination e``: the goal minus the combination must normalise to 0."""
        if goal.op is not Op.EQ:
            return f"{line.split()[0]}: the goal is not an equation"
        sort = goal.args[0].sort
        if sort is NAT and line != "ring":
            return "linear_combination: ℕ is not a commutative ring"
        atoms = Atoms()
        lhs, rhs = (poly(x, atoms) for x in goal.args)
        if lhs is None or rhs is None:
            raise UnsupportedError("an equation outside the ring normal form", source="<proof>")
        diff = {m: lhs.get(m, 0) - rhs.get(m, 0) for m in set(lhs) | set(rhs)}
        if line != "ring":
            expr = parse_expr(line[len("linear_combination "):], source="<proof>")
            found = self.scaled(expr, sort)
            if isinstance(found, str):
                return found
            cl, cr = (poly(x, atoms) for x in found)
            if cl is None or cr is None:
                raise UnsupportedError("a combination outside the ring normal form", source="<proof>")
            for m in set(cl) | set(cr):
                diff[m] = diff.get(m, 0) - (cl.get(m, 0) - cr.get(m, 0))
        if any(diff.values()):
            return f"{line.split()[0]}: the goal minus the combination is not 0 by ring normalisation"
        return None

    def scaled(self, e: Expr, sort: Sort) -> tuple[Term, Term] | str:
        """The equation a combination of hypotheses proves (``c * h₀ - h₁``, ``h / 2``, ``Complex.I_sq``)."""
        if isinstance(e, Ident) and (e.name in self.hyps or e.name == I_SQ):
            if e.name == I_SQ:
                i = var("Complex.I", COMPLEX)
                return app(Op.POW, i, const(2, NAT)), const(-1, COMPLEX)
            h = self.hyps[e.name]
            if h.op is not Op.EQ or h.args[0].sort is not sort:
                return f"linear_combination: {e.name} is not an equation of the goal's type"
            return h.args[0], h.args[1]
        if isinstance(e, Prefix) and e.op == "-" and self.mentions_proof(e.arg):
            found = self.scaled(e.arg, sort)
            return found if isinstance(found, str) else (app(Op.NEG, found[0]), app(Op.NEG, found[1]))
        if isinstance(e, Binary) and e.op in ("+", "-", "*", "/"):
            left, right = self.mentions_proof(e.left), self.mentions_proof(e.right)
            if e.op in ("+", "-") and left and right:
                a, b = self.scaled(e.left, sort), self.scaled(e.right, sort)
                if isinstance(a, str) or isinstance(b, str):
                    return a if isinstance(a, str) else b  # type: ignore[return-value]
                op = Op.ADD if e.op == "+" else Op.SUB
                return app(op, a[0], b[0]), app(op, a[1], b[1])
            if e.op == "*" and left != right:
                proof, coeff = (e.left, e.right) if left else (e.right, e.left)
                found = self.scaled(proof, sort)
                if isinstance(found, str):
                    return found
                c = self.el.term(coeff, sort)
                return app(Op.MUL, c, found[0]), app(Op.MUL, c, found[1])
            if e.op == "/" and left and not right:
                found = self.scaled(e.left, sort)
                if isinstance(found, str):
                    return found
                c = self.el.term(e.right, sort)
                return app(Op.DIV, found[0], c), app(Op.DIV, found[1], c)
        raise UnsupportedError("a linear combination the reader does not model", source="<proof>")

    def mentions_proof(self, e: Expr) -> bool:
        if isinstance(e, Ident):
            return e.name in self.hyps or e.name == I_SQ
        if isinstance(e, Binary):
            return self.mentions_proof(e.left) or self.mentions_proof(e.right)
        if isinstance(e, Prefix):
            return self.mentions_proof(e.arg)
        return False

    def intro(self, names: list[str]) -> str | None:
        for name in names:
            g = self.goal
            if g.kind == QUANT and g.head == "forall":
                b, rest = g.binders[0], g.binders[1:]
                v = var(name, b.sort)
                self.el.scope[name] = v
                body = substitute(g.body, {b: v})
                self.goal = forall(list(rest), body) if rest else body
            elif g.op is Op.IMPLIES:
                self.hyps[name] = g.args[0]
                self.goal = g.args[1]
            else:
                return f"intro {name}: the goal has no binder or premise left"
        return None

    def obtain(self, line: str) -> str | None:
        pats, _, src = line[len("obtain ⟨"):].partition("⟩ := ")
        names = [p.strip() for p in pats.split(",")]
        src = src.strip()
        if src not in self.hyps:
            return f"obtain: {src} is not a hypothesis"
        formula = self.hyps[src]
        mapping: dict[Term, Term] = {}
        while formula.kind == QUANT and formula.head == "exists" and len(names) > 1:
            for b in formula.binders:  # ⟨x, y, h⟩ := (∃ x y, P): one name per witness, then the body
                if len(names) < 2:
                    return f"obtain: {src} has more witnesses than the pattern names"
                w = names.pop(0)
                mapping[b] = var(w, b.sort)
                self.el.scope[w] = mapping[b]
            formula = formula.body
        formula = substitute(formula, mapping) if mapping else formula
        parts = _conjuncts(formula, len(names))
        if parts is None:
            return f"obtain: {src} has fewer than {len(names)} conjuncts"
        self.hyps.update(zip(names, parts, strict=True))
        return None

    def have(self, rest: str) -> Term | str | None:
        toks = tokenize(rest)
        if not toks or toks[0].kind != "ident":
            return "have without a name"
        name = toks[0].text
        if len(toks) > 1 and toks[1].text == ":":
            stmt_text = rest[rest.index(":") + 1:]
            stmt_text = stmt_text[: _top_level(stmt_text, ":=")] if _top_level(stmt_text, ":=") >= 0 else stmt_text
            formula = self.proposition(stmt_text)
            if isinstance(formula, str):
                return formula
            self.hyps[name] = formula
            return formula
        if len(toks) < 2 or toks[1].text != ":=":
            return "have without ':=' or a stated type"
        proof = rest[rest.index(":=") + 2:].strip()
        groups = _groups(proof)
        if not groups:
            return "have := with no proof term"
        head = groups[0]
        if head in self.hyps:
            formula = self.instance(head, groups[1:])
        elif head in LEMMA_SIGNATURES or (head.startswith("(") and len(groups) == 1):
            formula = self.lemma(head, groups[1:])
        elif _LOCAL_NAME.fullmatch(head):
            return f"{head} is neither a hypothesis in context nor a known lemma"
        else:  # a Mathlib lemma this reader has no signature for
            raise UnsupportedError(f"proof term headed by {head}", source="<proof>")
        if isinstance(formula, Term):
            self.hyps[name] = formula
        elif formula is None:
            self.facts.add(name)  # a cited Mathlib fact: usable by name from here on
        return formula

    def instance(self, hyp: str, args: list[str]) -> Term | str:
        q = peel(hyp, self.hyps[hyp])
        if q is None:
            return f"{hyp} is not a ∀-statement, so it takes no arguments"
        expected = sum(len(bs) + (g is not None) for bs, g in q.groups)
        if len(args) > expected:
            return f"{hyp} takes {expected} arguments ({_signature(q)}), the script gives {len(args)}"
        trailing_guard = q.groups[-1][1] is not None and all(g is None for _, g in q.groups[:-1])
        if len(args) == expected - 1 and trailing_guard:
            args = [*args, "(by guard)"]  # `h 39` is `P 39 → Q 39`: the same formula as with the guard proved
        elif len(args) < expected:  # another partial application is Lean, but not a stated instance
            raise UnsupportedError(f"{hyp} applied to {len(args)} of its {expected} arguments", source="<proof>")
        mapping: dict[Term, Term] = {}
        k = 0
        guards = []
        for bs, g in q.groups:
            for b in bs:
                a = args[k]
                k += 1
                if _is_proof(a):
                    return f"argument {k} of {hyp} is a proof where a term of {_sort(b.sort)} is expected"
                t = self.term_of_sort(a, b.sort, f"argument {k} of {hyp}")
                if isinstance(t, str):
                    return t
                mapping[b] = t
            if g is not None:
                a = args[k]
                k += 1
                if not _is_proof(a):
                    return f"argument {k} of {hyp} must prove its guard {lean_text(substitute(g, mapping))}"
                guards.append(substitute(g, mapping))
        formula = substitute(q.matrix, mapping)
        for g in reversed(guards):
            formula = app(Op.IMPLIES, g, formula)
        return formula

    def term_of_sort(self, text: str, sort: Sort, what: str) -> Term | str:
        expr = parse_expr(text, source="<proof>")
        own = self.el.infer(expr)
        if own is not None and own is not sort:
            return f"{what} is of type {_sort(own)}, expected {_sort(sort)}"
        return self.el.term(expr, sort)

    def lemma(self, head: str, args: list[str]) -> Term | str | None:
        if head.startswith("("):  # (term : P): the stated type must elaborate
            inner = head[1:-1]
            cut = _top_level(inner, ":")
            if cut < 0:
                return f"{head[:40]}: a parenthesised proof term without a stated type"
            return self.proposition(inner[cut + 1:])
        sig = LEMMA_SIGNATURES[head]
        terms = [a for a in args if not _is_proof(a)]
        for a in args:
            if _is_proof(a) and a.startswith("(show "):
                stated = a[len("(show "):-1]
                cut = _top_level(stated, "by")
                p = self.proposition(stated[:cut] if cut >= 0 else stated)
                if isinstance(p, str):
                    return p
        if sig and len(terms) != len(sig):
            return f"{head} takes {len(sig)} term arguments, the script gives {len(terms)}"
        for k, (a, srt) in enumerate(zip(terms, sig, strict=False), start=1):
            t = self.term_of_sort(a, srt, f"argument {k} of {head}")
            if isinstance(t, str):
                return t
        return None  # a fact's statement is Mathlib's; its arguments were checked

    def proposition(self, text: str) -> Term | str:
        try:
            expr = parse_expr(text, source="<proof>")
        except LeanSyntaxError as exc:  # notation beyond the bridge's grammar: not read, not judged
            raise UnsupportedError(f"statement the bridge does not parse ({exc})", source="<proof>") from exc
        saved = self.el.unknown_literals, list(self.el.units)
        self.el.unknown_literals, self.el.units = True, []
        try:
            formula = self.el.prop(expr)
            loose = [u for u in self.el.units if len(u) > 1]
        finally:
            self.el.unknown_literals, self.el.units = saved[0], saved[1]
        if loose:
            return f"a literal's type is not fixed in {text.strip()[:50]!r} (could be {', '.join(map(_sort, loose[0]))})"
        return formula

    def closer(self, line: str) -> str | None:
        start = line.find("[")
        if start < 0:
            return None
        end = _matching(line, start)
        if end < 0:
            return "unclosed ["
        for item in _split_commas(line[start + 1:end]):
            item = item.strip().removeprefix("←").strip()
            if item == "*" or item.startswith(("show ", "by ", "fun ", "(")):  # `[*]`, proof terms
                continue
            try:
                groups = _groups(item)
            except LeanSyntaxError:
                continue  # a term this reader does not split; Lean elaborates it
            head = groups[0] if groups else ""
            if head in _HINT_LEMMAS:
                for a in groups[1:]:
                    if _is_proof(a):
                        continue
                    expr = parse_expr(a, source="<proof>")
                    self.el.term(expr, self.el.infer(expr))
                continue
            known = head in self.hyps or head in self.facts or head in self.el.scope or head in LEMMA_SIGNATURES
            if not known and _LOCAL_NAME.fullmatch(head):
                # shaped like a local the script names (`i3`, `f1`, `h₂`, `h₀_1`, `hi1`), bound nowhere
                return f"hint {item[:40]!r} names nothing in context"
        return None


_CANCEL = "apply mul_left_cancel₀ (sub_ne_zero.mpr "
_LOCAL_NAME = re.compile(r"[hif][0-9₀-₉]+(_[0-9]+)?|hi[0-9]+|h[0-9₀-₉]*_w(_[0-9]+)?")


def _conjuncts(t: Term, n: int) -> list[Term] | None:
    parts: list[Term] = []
    while len(parts) < n - 1:
        if t.op is not Op.AND:
            return None
        a, b = t.args[0], app(Op.AND, *t.args[1:]) if len(t.args) > 2 else t.args[1]
        parts.append(a)
        t = b
    return [*parts, t]


def _signature(q: QuantifiedHypothesis) -> str:
    out = []
    for bs, g in q.groups:
        out += [f"{b.name} : {_sort(b.sort)}" for b in bs]
        if g is not None:
            out.append("a proof of its guard")
    return ", ".join(out)


def _sort(s: Sort) -> str:
    return {NAT: "ℕ", INT: "ℤ", RAT: "ℚ", REAL: "ℝ", COMPLEX: "ℂ", BOOL: "Prop"}.get(s, str(s))


def _is_proof(group: str) -> bool:
    return group.startswith(("(by ", "(show ", "(fun ")) or group == "(by)"


def _groups(text: str) -> list[str]:
    """Split an application ``f a (b c) |d|`` into its top-level atoms (texts): head first."""
    toks = tokenize(text)
    out: list[str] = []
    i = 0
    while i < len(toks) and toks[i].kind != "eof":
        t = toks[i]
        if t.text in _OPEN:
            j = _close_index(toks, i)
            if j < 0:
                raise LeanSyntaxError(f"unclosed {t.text!r}", source="<proof>", expected=repr(_OPEN[t.text]))
            out.append(_span(text, toks[i], toks[j]))
            i = j + 1
        elif t.kind in ("ident", "num"):
            j = i
            while toks[j + 1].kind == "proj":
                j += 1
            out.append(_span(text, toks[i], toks[j]))
            i = j + 1
        else:
            # an operator between atoms: the text is not one application (e.g. `f (a - c) ^ 2`)
            raise LeanSyntaxError(f"{t.text!r} between application arguments", source="<proof>",
                                  line=t.line, column=t.column, expected="parentheses around the argument")
    return out


def _close_index(toks: list[Token], i: int) -> int:
    close = _OPEN[toks[i].text]
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].text == toks[i].text:
            depth += 1
        elif toks[j].text == close:
            depth -= 1
            if depth == 0:
                return j
    return -1


def _span(text: str, a: Token, b: Token) -> str:
    lines = text.split("\n")
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln) + 1)
    start = offsets[a.line - 1] + a.column - 1
    end = offsets[b.line - 1] + b.column - 1 + len(b.text)
    return text[start:end]


def _top_level(text: str, word: str) -> int:
    """Index of ``word`` outside brackets (``:`` of an ascription, ``:=``, ``by``), or -1."""
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c in "([{⟨":
            depth += 1
        elif c in ")]}⟩":
            depth -= 1
        elif depth == 0 and text.startswith(word, i):
            before = text[i - 1] if i else " "
            after = text[i + len(word)] if i + len(word) < len(text) else " "
            if word == ":" and after == "=":
                i += 1
                continue
            if not word[0].isalpha() or (not before.isalnum() and not after.isalnum()):
                return i
        i += 1
    return -1


def _matching(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _split_commas(text: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for c in text:
        if c in "([{⟨":
            depth += 1
        elif c in ")]}⟩":
            depth -= 1
        if c == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += c
    if cur.strip():
        out.append(cur)
    return out

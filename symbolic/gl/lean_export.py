"""Lean 4 export (core Lean, no Mathlib): the theory as a class over its carrier types, each theorem with a
proof that follows the GL steps.

Every element of a block proof is printed as the term that defines it (a witness ``f(ins) = w`` prints ``w`` as
``(f ins…)``), so a witness step is ``rfl``, a congruence step is ``congrArg``/``congr`` between two facts, and a
rule step applies the axiom or theorem to the printed binding, bridged to the cited facts by ``Eq.trans`` chains
over the cited equalities. Induction uses the theory's induction field ``ind`` with an explicit motive. The text
depends only on the theory and the proofs, so it is deterministic.
"""

from __future__ import annotations

from collections import deque

from symbolic.gl.facts import BlockProof, Fact, Tag
from symbolic.gl.render import element_terms, lean_formula, lean_name
from symbolic.gl.theory import Theory
from symbolic.logic import Op, Term, forall, substitute

__all__ = ["LeanExportError", "export_problems", "theorem_to_lean", "theory_to_lean", "to_lean"]


class LeanExportError(Exception):
    """A step could not be written as a Lean term (the step then falls back to an automation tactic)."""


def _class_name(theory: Theory) -> str:
    return "Model"


def _sort_vars(theory: Theory) -> str:
    return " ".join(f"({lean_name(s)} : Type)" for s in theory.sorts)


def _arrow(args: tuple[str, ...], result: str) -> str:
    return " → ".join([*(lean_name(a) for a in args), result])


def theory_to_lean(theory: Theory) -> str:
    """The theory as ``class Model (N : Type) where …`` with one field per symbol and axiom, plus induction."""
    lines = [f"/-- The {theory.name} theory, exported from {theory.source} (functions are total). -/",
             f"class {_class_name(theory)} {_sort_vars(theory)} where"]
    for c in theory.constants.values():
        lines.append(f"  {lean_name(c.name)} : {lean_name(c.sort)}")
    for f in theory.functions.values():
        lines.append(f"  {lean_name(f.name)} : {_arrow(f.args, lean_name(f.result))}")
    for r in theory.relations.values():
        lines.append(f"  {lean_name(r.name)} : {_arrow(r.args, 'Prop')}")
    for ax in theory.axioms:
        lines.append(f"  {lean_name(ax.name)} : {lean_formula(ax.formula, theory)}")
    for ind in theory.induction.values():
        n, z, s = lean_name(ind.sort), lean_name(ind.zero), lean_name(ind.succ)
        lines.append(f"  ind_{n} : ∀ (P : {n} → Prop), P {z} → (∀ n, P n → P ({s} n)) → ∀ n, P n")
    return "\n".join(lines)


def _members(theory: Theory) -> frozenset[str]:
    """The names the class declares (constants, functions, relations): none of them fixes the carrier."""
    return frozenset(lean_name(n) for n in [*theory.constants, *theory.functions, *theory.relations])


def _mentions_local(statement: str, members: frozenset[str]) -> bool:
    """True when the statement names a local (a bound variable, whose type fixes the carrier) or ascribes one."""
    from symbolic.bridge.lexer import tokenize

    toks = tokenize(statement)
    return any(t.text == ":" for t in toks) or any(
        t.kind == "ident" and t.text not in members and t.text not in ("False", "True") for t in toks)


def export_problems(text: str, theory: Theory) -> list[str]:
    """Read an export back: each ``have``/``theorem`` statement whose carrier nothing fixes (only the class's
    constants, no local and no ascription) would leave Lean a stuck ``Model ?N`` instance problem."""
    members = _members(theory)
    out = []
    for k, line in enumerate(text.splitlines(), start=1):
        head = line.strip().removeprefix("·").strip()
        for kw in ("have ", "theorem "):
            if head.startswith(kw) and " : " in head:
                stmt = head.split(" : ", 1)[1].rsplit(":=", 1)[0]
                if stmt.strip() not in ("False", "True") and not _mentions_local(stmt, members):
                    out.append(f"line {k}: carrier not fixed in {head[:80]!r}")
    return out


def _tr(a: str, b: str) -> str:
    """``a.trans b`` as a closed expression, dropping reflexivity steps."""
    if a.startswith("(Eq.refl "):
        return b
    if b.startswith("(Eq.refl "):
        return a
    return f"(Eq.trans {a} {b})"


def _sy(a: str) -> str:
    return a if a.startswith("(Eq.refl ") else f"(Eq.symm {a})"


class _Writer:
    """Writes the ``have`` chain of one block proof."""

    def __init__(self, theory: Theory, bp: BlockProof, clauses: dict[str, tuple[Term, str]], indent: str,
                 ih_formula: Term | None, ih_var: Term | None, ih_elem: int | None) -> None:
        self.th = theory
        self.bp = bp
        self.clauses = clauses
        self.ind = indent
        self.tau = element_terms(bp, theory, lean=True)
        self.h: dict[int, str] = {}
        self.facts: dict[int, Fact] = {f.id: f for f in bp.facts}
        self.lines: list[str] = []
        self.ih_formula = ih_formula
        self.ih_var = ih_var
        self.ih_elem = ih_elem
        self.hyps: list[str] = []

    def t(self, e: int) -> str:
        return self.tau.get(e, f"e{e}")

    def stmt(self, f: Fact) -> str:
        if f.pred == "⊥":
            return "False"
        shown = [self.t(a) for a in f.args]
        if f.args and not _mentions_local(" ".join(shown), _members(self.th)):
            # only the class's constants: nothing fixes the carrier (a stuck `Model ?N` instance), so say it
            shown[0] = f"({shown[0]} : {lean_name(self.bp.elem_sorts.get(f.args[0], next(iter(self.th.sorts))))})"
        if f.pred == "=":
            return f"{shown[0]} = {shown[1]}"
        if f.pred in self.th.functions:
            return f"{lean_name(f.pred)} {' '.join(shown[:-1])} = {shown[-1]}"
        return f"{lean_name(f.pred)} {' '.join(shown)}"

    # -- equality chains over the cited equalities ------------------------------------------------------------
    def path(self, x: int, y: int, eqs: list[Fact]) -> str:
        if x == y:
            return f"(Eq.refl {self.t(x)})"
        adj: dict[int, list[tuple[int, str]]] = {}
        for g in eqs:
            a, b = g.args
            adj.setdefault(a, []).append((b, self.h[g.id]))
            adj.setdefault(b, []).append((a, _sy(self.h[g.id])))
        prev: dict[int, tuple[int, str]] = {}
        q = deque([x])
        seen = {x}
        while q:
            u = q.popleft()
            if u == y:
                break
            for v, pr in adj.get(u, ()):
                if v not in seen:
                    seen.add(v)
                    prev[v] = (u, pr)
                    q.append(v)
        if y not in seen:
            raise LeanExportError(f"no equality chain from e{x} to e{y}")
        steps = []
        cur = y
        while cur != x:
            u, pr = prev[cur]
            steps.append(pr)
            cur = u
        steps.reverse()
        out = steps[0]
        for s in steps[1:]:
            out = _tr(out, s)
        return out

    def congr(self, fname: str, proofs: list[str]) -> str:
        if all(p.startswith("(Eq.refl ") for p in proofs):
            return "(Eq.refl _)"
        out = f"(congrArg {lean_name(fname)} {proofs[0]})"
        for p in proofs[1:]:
            out = f"(congr {out} {p})"
        return out

    def prove_term(self, t: Term, env: dict[Term, int], srcs: list[Fact], eqs: list[Fact],
                   text_env: dict[Term, str]) -> tuple[int, str]:
        """``(r, p)`` with ``p : t = τ(r)`` using the cited facts."""
        if t.is_var:
            if t in env:
                e = env[t]
            elif t.name in self.bp.constants:
                e = self.bp.constants[t.name]
            else:
                raise LeanExportError(f"unbound {t.name}")
            return e, f"(Eq.refl {self.t(e)})"
        subs = [self.prove_term(a, env, srcs, eqs, text_env) for a in t.args]
        name = t.head.name
        for f in srcs:
            if f.pred != name:
                continue
            try:
                paths = [self.path(r, a, eqs) for (r, _p), a in zip(subs, f.args[:-1], strict=True)]
            except LeanExportError:
                continue
            p1 = self.congr(name, [p for _r, p in subs])
            p2 = self.congr(name, paths)
            return f.args[-1], _tr(_tr(p1, p2), self.h[f.id])
        raise LeanExportError(f"no cited fact for {name}")

    # -- steps -----------------------------------------------------------------------------------------------
    def emit(self, f: Fact, hyp_names: dict[tuple, str]) -> None:
        name = f"h{len(self.h) + 1}"
        srcs = [self.facts[s] for s in f.sources]
        eqs = [s for s in srcs if s.pred == "="]
        try:
            proof = self.proof_of(f, srcs, eqs, hyp_names)
        except LeanExportError as exc:
            proof = f"by simp_all  -- {exc}"
        self.h[f.id] = name
        self.lines.append(f"{self.ind}have {name} : {self.stmt(f)} := {proof}")

    def proof_of(self, f: Fact, srcs: list[Fact], eqs: list[Fact], hyp_names: dict[tuple, str]) -> str:
        if f.tag in (Tag.WITNESS, Tag.INDUCTION):
            return "rfl"
        if f.tag == Tag.HYP:
            key = (f.pred, f.args)
            if key in hyp_names:
                return hyp_names[key]
            # a premise atom inside a nested premise: it is the premise itself, its mirror, or a definition
            tries = ["rfl"] + [f"(exact {h})" for h in self.hyps] + [f"(exact (Eq.symm {h}))" for h in self.hyps]
            return f"by first | {' | '.join(tries)}"
        if f.tag == Tag.CONGRUENCE:
            a, b = srcs[0], srcs[1]
            paths = [self.path(x, y, eqs) for x, y in zip(a.args[:-1], b.args[:-1], strict=True)]
            return _tr(_tr(_sy(self.h[a.id]), self.congr(a.pred, paths)), self.h[b.id])
        if f.tag == Tag.RULE and f.pred == "=":
            return self.rule_step(f, srcs, eqs)
        if f.tag == Tag.RULE and f.pred == "⊥":
            return self.false_step(f, srcs, eqs)
        raise LeanExportError(f"no Lean rendering for a {f.tag} step of {f.pred}")

    def instance(self, rule: str, binding: dict[str, int], srcs: list[Fact],
                 eqs: list[Fact]) -> tuple[str, Term, dict[Term, int]]:
        """The applied axiom/theorem/hypothesis and its (instantiated) conclusion equation."""
        if rule.startswith("ih:"):
            if self.ih_formula is None:
                raise LeanExportError("induction hypothesis outside a step case")
            formula, head = self.ih_formula, "ih"
        else:
            formula, head = self.clauses[rule]
        body = formula
        binders: list[Term] = []
        while body.is_quant:
            binders.extend(body.binders)
            body = body.body
        env: dict[Term, int] = {}
        if rule.startswith("ih:") and self.ih_var is not None and self.ih_elem is not None:
            env[self.ih_var] = self.ih_elem
        for b in binders:
            if b.name in binding:
                env[b] = binding[b.name]
        args = [self.t(env[b]) if b in env else "_" for b in binders]
        premises: list[Term] = []
        if body.op is Op.IMPLIES:
            premises = list(body.args[0].args) if body.args[0].op is Op.AND else [body.args[0]]
            body = body.args[1]
        prem_proofs = []
        for p in premises:
            if p.op is not Op.EQ:
                raise LeanExportError("only equational premises are rendered")
            (r1, p1) = self.prove_term(p.args[0], env, srcs, eqs, {})
            (r2, p2) = self.prove_term(p.args[1], env, srcs, eqs, {})
            prem_proofs.append(_closed(_tr(_tr(p1, self.path(r1, r2, eqs)), _sy(p2)), p.args, env, self))
        return f"({head} {' '.join([*args, *prem_proofs])})", body, env

    def false_step(self, f: Fact, srcs: list[Fact], eqs: list[Fact]) -> str:
        """``⊥`` from a negated axiom ``∀x̄. ¬(l = r)`` applied to a proof of ``l = r``."""
        formula, head = self.clauses[f.rule]
        binders: list[Term] = []
        body = formula
        while body.is_quant:
            binders.extend(body.binders)
            body = body.body
        if body.op is not Op.NOT or body.args[0].op is not Op.EQ:
            raise LeanExportError("only negated equations give ⊥")
        binding = dict(f.binding)
        env = {b: binding[b.name] for b in binders if b.name in binding}
        args = [self.t(env[b]) if b in env else "_" for b in binders]
        eq = body.args[0]
        r1, p1 = self.prove_term(eq.args[0], env, srcs, eqs, {})
        r2, p2 = self.prove_term(eq.args[1], env, srcs, eqs, {})
        proof = _closed(_tr(_tr(p1, self.path(r1, r2, eqs)), _sy(p2)), eq.args, env, self)
        return f"({head} {' '.join([*args, proof])})"

    def rule_step(self, f: Fact, srcs: list[Fact], eqs: list[Fact]) -> str:
        binding = dict(f.binding)
        inst, body, env = self.instance(f.rule, binding, srcs, eqs)
        if body.op is not Op.EQ:
            raise LeanExportError("conclusion is not an equation")
        rl, pl = self.prove_term(body.args[0], env, srcs, eqs, {})
        rr, pr = self.prove_term(body.args[1], env, srcs, eqs, {})
        x, y = f.args
        try:
            start, end = self.path(x, rl, eqs), self.path(rr, y, eqs)
        except LeanExportError:
            start, end = self.path(x, rr, eqs), self.path(rl, y, eqs)
            return _tr(_tr(_tr(_tr(start, _sy(pr)), _sy(inst)), pl), end)
        return _tr(_tr(_tr(_tr(start, _sy(pl)), inst), pr), end)

    def goal(self, formula_body: Term, env: dict[Term, int]) -> str:
        srcs = [self.facts[s] for s in self.bp.goal.sources]
        eqs = [s for s in srcs if s.pred == "="]
        falsity = next((s for s in srcs if s.pred == "⊥"), None)
        if falsity is not None:
            return f"(False.elim {self.h[falsity.id]})"
        body = formula_body
        if body.op is Op.IMPLIES:
            body = body.args[1]
        if body.op is not Op.EQ:
            return "by simp_all"
        try:
            rl, pl = self.prove_term(body.args[0], env, srcs, eqs, {})
            rr, pr = self.prove_term(body.args[1], env, srcs, eqs, {})
            return _tr(_tr(pl, self.path(rl, rr, eqs)), _sy(pr))
        except LeanExportError as exc:
            return f"by simp_all  -- {exc}"


def _closed(proof: str, sides: tuple[Term, ...], env: dict[Term, int], w: _Writer) -> str:
    """A reflexivity proof needs its term spelled out when it stands alone as an argument."""
    if proof == "(Eq.refl _)":
        return f"(Eq.refl {w.t(env[sides[0]]) if sides[0] in env else '_'})"
    return proof


def _split(formula: Term) -> tuple[list[Term], list[Term], Term]:
    binders: list[Term] = []
    body = formula
    while body.is_quant:
        binders.extend(body.binders)
        body = body.body
    premises: list[Term] = []
    if body.op is Op.IMPLIES:
        premises = list(body.args[0].args) if body.args[0].op is Op.AND else [body.args[0]]
    return binders, premises, body


def _intro_and_subst(bp: BlockProof, binders: list[Term], premises: list[Term], writer: _Writer,
                     indent: str, lines: list[str],
                     substs: dict[Term, Term]) -> tuple[dict[Term, int], dict[tuple, str]]:
    """Intro the binders and hypotheses; substitute definitional premises ``f(…) = y``; map hyps to names."""
    names = [lean_name(b.name) for b in binders]
    hyp = [f"hp{i + 1}" for i in range(len(premises))]
    writer.hyps = list(hyp)
    if names or hyp:
        lines.append(f"{indent}intro {' '.join([*names, *hyp])}")
    env: dict[Term, int] = {}
    for b in binders:
        if b.name in bp.binding:
            env[b] = bp.binding[b.name]
    hyp_names: dict[tuple, str] = {}
    goal_b = dict(bp.goal.binding)
    for h, p in zip(hyp, premises, strict=True):
        if p.op is not Op.EQ:
            continue
        left, right = p.args
        if left.is_var and not right.is_var:
            left, right, h = right, left, f"{h}.symm"
        if right.is_var and right.name not in bp.constants and right not in env and right.name in goal_b:
            # a definitional premise: the engine computed y as f(…); Lean substitutes it
            lines.append(f"{indent}subst {h.removesuffix('.symm')}")
            env[right] = goal_b[right.name]
            substs[right] = left  # after `subst`, Lean's goal has the term itself where y was
        elif left.is_app and all(a.is_var for a in left.args) and right.is_var:
            vals = tuple(env.get(a, bp.constants.get(a.name, -1)) for a in (*left.args, right))
            hyp_names[(left.head.name, vals)] = h
    for b in binders:
        if b.name in goal_b:
            env.setdefault(b, goal_b[b.name])
    return env, hyp_names


def _case_lines(theory: Theory, bp: BlockProof, formula: Term, clauses: dict[str, tuple[Term, str]],
                indent: str, x_var: Term | None = None, x_value: int | None = None, x_ih: int | None = None,
                ih_formula: Term | None = None) -> list[str]:
    """Intro, the ``have`` chain of the block proof, and the closing ``exact``."""
    binders, premises, body = _split(formula)
    w = _Writer(theory, bp, clauses, indent, ih_formula, x_var, x_ih)
    lines: list[str] = []
    substs: dict[Term, Term] = {}
    env, hyp_names = _intro_and_subst(bp, binders, premises, w, indent, lines, substs)
    if x_var is not None and x_value is not None:
        env[x_var] = x_value
    for f in bp.facts:
        w.emit(f, hyp_names)
    lines.extend(w.lines)
    if substs:
        body = substitute(body, substs)
    lines.append(f"{indent}exact {w.goal(body, env)}")
    return lines


def _bullet(lines: list[str]) -> list[str]:
    if not lines:
        return ["  · skip"]
    return ["  · " + lines[0].strip(), *lines[1:]]


def theorem_to_lean(theorem: object, theory: Theory, clauses: dict[str, tuple[Term, str]]) -> str:
    """One ``theorem`` with its GL proof as Lean 4 text."""
    name = lean_name(theorem.name)  # type: ignore[attr-defined]
    formula: Term = theorem.statement.formula  # type: ignore[attr-defined]
    proof = theorem.proof  # type: ignore[attr-defined]
    head = f"theorem {name} : {lean_formula(formula, theory)} := by"
    if proof.kind == "direct":
        return "\n".join([head, *_case_lines(theory, proof.cases[0], formula, clauses, "  ")])
    binders, _premises, _body = _split(formula)
    x = next(b for b in binders if b.name == proof.var)
    ind = theory.induction[str(x.sort)]
    others = [b for b in binders if b is not x]
    inner = forall(others, _body_of(formula))
    motive = lean_formula(inner, theory)
    xn = lean_name(x.name)
    zero_bp, step_bp = proof.cases
    x_e, xs_e = proof.step_elems
    lines = [head, f"  intro {' '.join(lean_name(b.name) for b in binders)}"]
    if others:
        lines.append(f"  revert {' '.join(lean_name(b.name) for b in others)}")
    lines.append(f"  refine {_class_name(theory)}.ind_{lean_name(ind.sort)} (fun {xn} => {motive}) ?_ ?_ {xn}")
    zero_e = zero_bp.constants[ind.zero]
    lines.extend(_bullet(_case_lines(theory, zero_bp, inner, clauses, "    ", x, zero_e)))
    lines.append(f"  · intro {xn} ih")
    lines.append(f"    have ih : {motive} := ih")
    lines.extend(_case_lines(theory, step_bp, inner, clauses, "    ", x, xs_e, x_e, inner))
    return "\n".join(lines)


def _body_of(formula: Term) -> Term:
    body = formula
    while body.is_quant:
        body = body.body
    return body


def to_lean(theory: Theory, theorems: list[object]) -> str:
    """The whole export: the theory class, then every theorem in emission order (each may use earlier ones)."""
    ns = lean_name(theory.name)
    sorts = " ".join(f"{{{lean_name(s)} : Type}}" for s in theory.sorts)
    insts = " ".join(lean_name(s) for s in theory.sorts)
    opened = " ".join(lean_name(n) for n in [*theory.constants, *theory.functions, *theory.relations])
    clauses: dict[str, tuple[Term, str]] = {
        ax.name: (ax.formula, f"{_class_name(theory)}.{lean_name(ax.name)}") for ax in theory.axioms}
    parts = [f"-- Generated by the GL engine from {theory.source}. Core Lean 4, no Mathlib.",
             f"namespace GL.{ns}", "", theory_to_lean(theory), "", f"open {_class_name(theory)} ({opened})", "",
             f"variable {sorts} [{_class_name(theory)} {insts}]", ""]
    for th in theorems:
        text = theorem_to_lean(th, theory, clauses)
        problems = export_problems(text, theory)
        if problems:  # never offered as a proof: kept as a comment, and later theorems do not cite it
            parts.append("/- not exported, the text does not elaborate: " + "; ".join(problems) + "\n"
                         + text.replace("-/", "- /") + "\n-/")
            parts.append("")
            continue
        parts.append(text)
        parts.append("")
        clauses[th.name] = (th.statement.formula, lean_name(th.name))  # type: ignore[attr-defined]
    parts.append(f"end GL.{ns}")
    return "\n".join(parts) + "\n"

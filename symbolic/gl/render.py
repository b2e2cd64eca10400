"""Printing formulas and proof elements: plain text (MPL style, with infix operators) and Lean 4 syntax."""

from __future__ import annotations

from symbolic.gl.facts import BlockProof, Tag
from symbolic.gl.theory import Theory
from symbolic.logic import Op, Term

__all__ = ["LEAN_RESERVED", "element_terms", "formula_text", "lean_formula", "lean_name", "term_text"]

LEAN_RESERVED = frozenset({
    "in", "at", "by", "do", "fun", "have", "let", "show", "from", "if", "then", "else", "match", "with", "end",
    "theorem", "def", "structure", "class", "instance", "where", "open", "namespace", "section", "variable",
    "axiom", "example", "import", "return", "for", "mut", "calc", "Type", "Prop", "Sort", "set_option",
})


def lean_name(name: str) -> str:
    """An identifier Lean accepts (keywords get a trailing underscore; primes are legal)."""
    clean = "".join(c if c.isalnum() or c in "_'" else "_" for c in name)
    if not clean or clean[0].isdigit() or clean[0] == "'":
        clean = "x_" + clean
    return clean + "_" if clean in LEAN_RESERVED else clean


def term_text(t: Term, theory: Theory, env: dict[Term, str] | None = None, lean: bool = False,
              top: bool = True) -> str:
    """A term as text; ``env`` maps variables to already printed text."""
    if t.is_var:
        if env and t in env:
            return env[t]
        return lean_name(t.name) if lean else t.name
    f = theory.functions.get(t.head.name)
    args = [term_text(a, theory, env, lean, top=False) for a in t.args]
    if lean:
        name = lean_name(t.head.name)
        s = f"{name} {' '.join(args)}"
        return s if top else f"({s})"
    if f is not None and f.infix:
        s = f"{args[0]} {f.infix} {args[1]}"
        return s if top else f"({s})"
    return f"{t.head.name}({', '.join(term_text(a, theory, env, lean, True) for a in t.args)})"


def formula_text(f: Term, theory: Theory) -> str:
    return _formula(f, theory, lean=False)


def lean_formula(f: Term, theory: Theory, env: dict[Term, str] | None = None) -> str:
    return _formula(f, theory, lean=True, env=env)


def _formula(f: Term, theory: Theory, lean: bool, env: dict[Term, str] | None = None) -> str:
    if f.is_quant:
        groups: list[tuple[str, list[str]]] = []
        for b in f.binders:
            name = lean_name(b.name) if lean else b.name
            if groups and groups[-1][0] == str(b.sort):
                groups[-1][1].append(name)
            else:
                groups.append((str(b.sort), [name]))
        body = _formula(f.body, theory, lean, env)
        if lean:
            bs = " ".join(f"({' '.join(ns)} : {lean_name(s)})" for s, ns in groups)
            return f"∀ {bs}, {body}"
        bs = ", ".join(f"{' '.join(ns)} : {s}" for s, ns in groups)
        return f"forall {bs}. {body}"
    op = f.op
    if op is Op.IMPLIES:
        left = f.args[0]
        parts = list(left.args) if left.op is Op.AND else [left]
        arrow = " → " if lean else " -> "
        return arrow.join([*(_formula(p, theory, lean, env) for p in parts),
                           _formula(f.args[1], theory, lean, env)])
    if op is Op.AND:
        sep = " ∧ " if lean else " and "
        return sep.join(f"({_formula(a, theory, lean, env)})" if a.op is Op.IMPLIES else
                        _formula(a, theory, lean, env) for a in f.args)
    if op is Op.NOT:
        inner = f.args[0]
        if inner.op is Op.EQ:
            a, b = (term_text(x, theory, env, lean) for x in inner.args)
            return f"{a} ≠ {b}" if lean else f"{a} != {b}"
        return f"¬({_formula(inner, theory, lean, env)})" if lean else f"not ({_formula(inner, theory, lean, env)})"
    if op is Op.EQ:
        a, b = (term_text(x, theory, env, lean) for x in f.args)
        return f"{a} = {b}"
    args = [term_text(a, theory, env, lean, top=not lean) for a in f.args]
    if lean:
        return f"{lean_name(f.head.name)} {' '.join(args)}"
    return f"{f.head.name}[{', '.join(args)}]"


def element_terms(bp: BlockProof, theory: Theory, lean: bool = False,
                  names: dict[int, str] | None = None) -> dict[int, str]:
    """Each element of a block proof printed as the term that defines it (witnesses unfold to applications)."""
    out: dict[int, str] = {}
    for n, e in bp.constants.items():
        out[e] = lean_name(n) if lean else n
    for k, v in bp.binding.items():
        if not k.startswith("%"):
            out.setdefault(v, lean_name(k) if lean else k)
    if names:
        out.update(names)
    defined = {f.args[-1] for f in bp.facts if f.tag in (Tag.WITNESS, Tag.INDUCTION)}
    for e, n in bp.elem_names.items():
        if e not in defined and not n.startswith("%"):  # premise-introduced variables print by definition
            out.setdefault(e, lean_name(n) if lean else n)
    for f in bp.facts:
        if f.tag in (Tag.WITNESS, Tag.INDUCTION, Tag.HYP) and f.pred in theory.functions and f.args[-1] not in out:
            ins = [out.get(a, f"e{a}") for a in f.args[:-1]]
            sym = theory.functions[f.pred]
            if lean:
                out[f.args[-1]] = f"({lean_name(f.pred)} {' '.join(ins)})"
            elif sym.infix:
                out[f.args[-1]] = f"({ins[0]} {sym.infix} {ins[1]})"
            else:
                out[f.args[-1]] = f"{f.pred}({', '.join(ins)})"
    return out

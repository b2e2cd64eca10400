from __future__ import annotations

import copy
import dataclasses

import pytest

from symbolic.gl import GLConfig, Grid, ReplayChecker, parse_targets
from symbolic.gl.facts import Tag


def test_quick_set_proved_and_every_proof_replays(peano, quick_targets, quick_result):
    assert quick_result.stopped == "done"
    assert sorted(t.name for t in quick_result.theorems) == sorted(t.name for t in quick_targets)
    checker = ReplayChecker(peano)
    prior = {}
    for th in quick_result.theorems:  # emission order: each proof may cite only earlier theorems
        ok, why = checker.check(th, prior)
        assert ok, f"{th.name}: {why}"
        prior[th.name] = th.statement
    kinds = {t.name: t.proof.kind for t in quick_result.theorems}
    assert kinds["add_comm"] == "induction"
    assert quick_result.stats["facts"] > 0 and quick_result.stats["blocks"] >= 13


def test_quick_set_statistics_are_reported(quick_result):
    for key in ("facts", "rules", "blocks", "messages", "bursts", "witnesses", "merges", "seconds"):
        assert key in quick_result.stats


def _prior(result, name):
    out = {}
    for t in result.theorems:
        if t.name == name:
            return t, out
        out[t.name] = t.statement
    raise AssertionError(name)


def _tamper(th, case_index, pick, change):
    bad = copy.deepcopy(th)
    bp = bad.proof.cases[case_index]
    i = next(i for i, f in enumerate(bp.facts) if pick(f))
    bp.facts[i] = change(bp.facts[i])
    return bad


@pytest.mark.parametrize("mutation", ["binding", "source", "conclusion", "rule", "witness", "goal"])
def test_replay_rejects_tampered_proofs(peano, quick_result, mutation):
    th, prior = _prior(quick_result, "succ_mul")
    checker = ReplayChecker(peano)
    assert checker.check(th, prior) == (True, "")
    case = len(th.proof.cases) - 1
    is_rule = lambda f: f.tag == Tag.RULE and not f.rule.startswith("ih:")  # noqa: E731
    if mutation == "binding":
        bad = _tamper(th, case, is_rule, lambda f: dataclasses.replace(
            f, binding=tuple((k, v + 1 if i == 0 else v) for i, (k, v) in enumerate(f.binding))))
    elif mutation == "source":
        bad = _tamper(th, case, lambda f: is_rule(f) and len(f.sources) > 1,
                      lambda f: dataclasses.replace(f, sources=f.sources[1:]))
    elif mutation == "conclusion":
        bad = _tamper(th, case, is_rule, lambda f: dataclasses.replace(f, args=(f.args[0], f.args[0] + 1)))
    elif mutation == "rule":
        bad = _tamper(th, case, is_rule, lambda f: dataclasses.replace(
            f, rule="mul_zero" if f.rule != "mul_zero" else "add_zero"))
    elif mutation == "witness":
        # a witness that reuses an existing element would assert an equation nobody proved
        bp = th.proof.cases[case]
        existing = bp.facts[0].args[0]
        bad = _tamper(th, case, lambda f: f.tag == Tag.WITNESS,
                      lambda f: dataclasses.replace(f, args=(*f.args[:-1], existing)))
    else:
        bad = copy.deepcopy(th)
        g = bad.proof.cases[case].goal
        bad.proof.cases[case].goal = dataclasses.replace(g, sources=g.sources[:-1])
    ok, why = checker.check(bad, prior)
    assert not ok
    assert why


def test_replay_rejects_a_proof_of_the_diagonal_case_only(peano, quick_result):
    th, prior = _prior(quick_result, "add_assoc")
    bad = copy.deepcopy(th)
    bp = bad.proof.cases[1]
    assert len(bp.binding) == 2
    a, b = sorted(bp.binding)
    bp.binding[a] = bp.binding[b]  # proving (b + b) + c = b + (b + c) does not prove associativity
    ok, why = ReplayChecker(peano).check(bad, prior)
    assert not ok and "distinct" in why


def test_replay_rejects_citing_a_later_theorem(peano, quick_result):
    th, prior = _prior(quick_result, "mul_comm")
    uses = {f.rule for bp in th.proof.cases for f in bp.facts if f.tag == Tag.RULE}
    cited = sorted(u for u in uses if u in prior)
    assert cited, "mul_comm should cite earlier theorems"
    fewer = {k: v for k, v in prior.items() if k != cited[0]}
    ok, why = ReplayChecker(peano).check(th, fewer)
    assert not ok and "unknown or later clause" in why


def test_level_gate_rejects_unused_premise(peano):
    targets = parse_targets("weak: forall a b : N. s(a) = s(b) -> a + zero = a", peano)
    result = Grid(peano, GLConfig()).run(targets)
    assert result.theorems == []
    assert "level gate" in result.rejected["weak"]


def test_premise_used_passes_level_gate(peano):
    targets = parse_targets("inj: forall a b : N. s(a) = s(b) -> a + zero = b", peano)
    result = Grid(peano, GLConfig()).run(targets)
    assert [t.name for t in result.theorems] == ["inj"]


def test_false_conjecture_is_not_proved(peano):
    targets = parse_targets("bad: forall a b : N. a + b = a", peano)
    result = Grid(peano, GLConfig()).run(targets)
    assert result.theorems == [] and result.unproved == ["bad"]
    assert result.stopped == "saturated"


def test_contradictory_premise_proves_anything(peano):
    targets = parse_targets("absurd: forall a : N. s(a) = zero -> a = one", peano)
    result = Grid(peano, GLConfig()).run(targets)
    assert [t.name for t in result.theorems] == ["absurd"]
    facts = result.theorems[0].proof.cases[0].facts
    assert any(f.pred == "⊥" and f.rule == "zero_not_succ" for f in facts)


def test_existential_conclusion_is_a_clear_input_error(peano):
    from symbolic.errors import InputError

    targets = parse_targets("ex: forall a : N.\n  exists b : N. s(b) = a", peano, "ex.targets")
    with pytest.raises(InputError) as info:
        Grid(peano, GLConfig()).run(targets)
    assert str(info.value) == "ex.targets:1: ex: nested quantifiers are not supported in a conclusion"


def test_conjectures_with_the_same_premises_share_a_block(peano):
    targets = parse_targets(
        "inj: forall a b : N. s(a) = s(b) -> a + zero = b\n"
        "inj2: forall x y : N. s(y) = s(x) -> y = x + zero\n"
        "inj3: forall x y : N. s(y) = s(x) -> y * one = x", peano)
    grid = Grid(peano, GLConfig())
    result = grid.run(targets)
    assert [t.name for t in result.theorems] == ["inj", "inj2", "inj3"]
    blocks = {grid.cases[n][0].block for n in ("inj", "inj2", "inj3")}
    assert len(blocks) == 1
    checker, prior = ReplayChecker(peano), {}
    for th in result.theorems:
        assert checker.check(th, prior) == (True, "")
        prior[th.name] = th.statement

"""Writes ``replies.jsonl``: hand-labelled model replies in each prompt format of ``prover.llm.formats``.

The labels are ours, written with each piece below (a usable tactic / proof, or not, and what the parser must
return); they are never computed by the parser under test. Each piece is wrapped the ways its family's
replies come back from an OpenAI-compatible server (leading space, trailing newline, an echo of the prompt,
the next section, a chain of thought, earlier sketch blocks). Run ``python tests/llm/data/write_replies.py``
after editing; the file is committed.
"""

from __future__ import annotations

import json
from pathlib import Path

# --- next-tactic replies: (tactic text the parser must return) ------------------------------------------
TACTICS = [
    "norm_num", "simp", "linarith", "omega", "ring", "ring_nf", "field_simp", "positivity", "constructor",
    "nlinarith [sq_nonneg (x - y), sq_nonneg (x + y)]", "nlinarith [sq_nonneg (a - b), sq_nonneg (a + b), mul_pos ha hb]",
    "intro x hx", "rintro ⟨x, hx⟩", "exact h.1", "exact ⟨hq, hp⟩", "apply And.intro", "rw [h₀] at h₁",
    "rw [← sub_eq_zero]", "simp only [Finset.sum_range_succ]", "norm_num [Nat.factorial]", "obtain ⟨k, hk⟩ := h",
    "have h : 0 < x := by positivity", "have h₂ : x = 2 := by\n  linarith", "interval_cases x <;> simp_all",
    "unfold f", "specialize h 0", "use 2", "refine ⟨_, _⟩", "exact Nat.le_of_lt_succ h", "apply mul_pos",
    "set y := x + 1 with hy", "by_contra h", "push_neg at h", "subst hx", "simp_all", "aesop", "tauto", "gcongr",
    "norm_cast", "push_cast", "zify at h ⊢", "exact_mod_cast h", "rcases h with ⟨x, rfl⟩", "field_simp [hx.ne']",
    "rw [div_eq_iff (by norm_num)]", "apply le_of_sub_nonneg", "norm_num at h ⊢", "linarith [h₀, h₁]",
    "cases' h with x hx", "induction' n with n ih", "left", "right", "exfalso", "contradiction", "assumption",
    "rfl", "trivial", "ext x", "congr 1", "symm", "(try norm_num) <;> linarith", "· exact hx", "all_goals positivity",
    "exact absurd h (by norm_num)", "simp [Nat.pow_succ] at *", "exact mul_pos_of_neg_of_neg ha hb",
    "rw [Nat.succ_le_iff] at h", "apply Nat.le_of_dvd", "nlinarith [sq_nonneg (x - 1), sq_abs x]",
]

# premise-marked output of ReProver's generator for some of the tactics above (marks removed by the parser)
REPROVER_MARKED = {
    "rw [Nat.succ_le_iff] at h": "rw [<a>Nat.succ_le_iff</a>] at h",
    "apply Nat.le_of_dvd": "apply <a>Nat.le_of_dvd</a>",
    "exact Nat.le_of_lt_succ h": "exact <a>Nat.le_of_lt_succ</a> h",
    "simp only [Finset.sum_range_succ]": "simp only [<a>Finset.sum_range_succ</a>]",
    "rw [← sub_eq_zero]": "rw [← <a>sub_eq_zero</a>]",
    "apply mul_pos": "apply <a>mul_pos</a>",
    "exact mul_pos_of_neg_of_neg ha hb": "exact <a>mul_pos_of_neg_of_neg</a> ha hb",
    "apply le_of_sub_nonneg": "apply <a>le_of_sub_nonneg</a>",
}

# (reply text, why it is not a usable proof step)
NON_TACTICS = [
    ("(x-y) : 3", "term with a type ascription"), ("(x - y) : 3", "term with a type ascription"),
    ("x : 3", "hypothesis-like text"), ("", "empty"), ("   ", "blank"), ("\n\n", "blank lines"),
    ("We need to show that x + y = 3.", "prose"), ("The answer is 5.", "prose"),
    ("By the AM-GM inequality, the result follows.", "prose"), ("Let's apply linarith to finish the proof.", "prose"),
    ("theorem foo (x : ℕ) : x = x := by rfl", "whole theorem"), ("lemma bar : 1 + 1 = 2 := by norm_num", "whole theorem"),
    ("example : True := trivial", "whole example"), ("sorry", "gives up"), ("admit", "gives up"),
    ("exact sorry", "gives up"), ("exact?", "search tactic"), ("apply?", "search tactic"), ("x^2 + y^2 = 25", "equation"),
    ("h₀ : x = 2", "hypothesis"), ("⊢ x = 2", "goal"), ("a + b = c", "equation"), ("42", "number"),
    ("(a+b)^2", "term"), ("x[0,1] = 5", "junk"), ("rw [h", "unbalanced"), ("simp [foo, bar", "unbalanced"),
    ("exact (h.1", "unbalanced"), ("```", "bare fence"), ("import Mathlib", "header line"), ("open Real", "header line"),
    ("-- done", "comment only"), ("/- the proof -/", "comment only"), ("Proof. Trivial.", "prose"),
    ("I cannot solve this problem.", "prose"), ("Step 1: simplify the expression", "prose"),
    ("First, we expand the square.", "prose"), ("apply the lemma to both sides.", "prose with a tactic word"),
    ("exact the result follows from h", "prose with a tactic word"),
    ("linarith since the inequality is linear", "prose with a tactic word"), ("To prove this, use induction.", "prose"),
    ("Therefore x = 3.", "prose"), ("The tactic is norm_num.", "prose"), ("⟨hq, hp⟩", "term"), ("fun x => x", "term"),
    ("by", "keyword only"), (":= by simp", "fragment"), ("Here is the next tactic:", "prose"), ("norm_num.", "prose"),
    ("Q.E.D.", "prose"), ("(x)", "parenthesized term"), ("(norm_num) : 3", "junk after a tactic"),
    ("(h.1 : x = 2)", "type ascription"),
]

STATE = "x y : ℝ\nh₀ : x + y = 3\n⊢ x = 3 - y"


def tactic_rows() -> list[dict]:
    rows: list[dict] = []

    def add(fmt: str, reply: str, expect: str | None, note: str) -> None:
        rows.append({"format": fmt, "reply": reply, "label": "accept" if expect is not None else "reject",
                     "expect": expect, "note": note})

    for t in TACTICS:
        add("reprover", REPROVER_MARKED.get(t, t), t, "tactic" + (" with premise marks" if t in REPROVER_MARKED else ""))
        add("reprover", t + "\n", t, "tactic, trailing newline")
        add("llmstep", t, t, "tactic")
        add("llmstep", " " + t + "[GOAL]x : ℕ\n⊢ x = x[PROOFSTEP]rfl", t, "tactic, generation ran on into the next example")
        add("internlm-step", t, t, "tactic")
        add("internlm-step", " " + t + "\n\n---\nNAME: next_theorem", t, "tactic, then the next section")
        add("bfs", t, t, "tactic")
        add("bfs", f"{STATE}:::{t}", t, "tactic after the echoed state")
        add("generic", t + "\n```", t, "tactic, closing the fence the prompt opened")
        add("generic", "  " + t.replace("\n", "\n  ") + "\n```\n\nThis closes the goal.", t,
            "indented tactic, fence, then prose")
    for reply, why in NON_TACTICS:
        add("reprover", reply, None, why)
        add("llmstep", reply + "[GOAL]", None, why)
        add("internlm-step", reply + "\n---\n", None, why)
        add("bfs", f"{STATE}:::{reply}", None, why + " (after the echoed state)")
        add("generic", reply + "\n```", None, why)
    add("reprover", "<a>Nat.add_comm</a>", None, "a premise name, not a tactic")
    add("llmstep", "[PROOFSTEP]", None, "marker only")
    add("internlm-step", "---\nTACTIC: ", None, "echoed template")
    add("bfs", ":::", None, "separator only")
    return rows


# --- whole proofs: (statement, tactic lines as the parser must return them) -------------------------------
PROOFS = [
    ("theorem t1 (x : ℝ) (h₀ : 2 * x + 1 = 7) : x = 3", ["linarith"]),
    ("theorem t2 (a b : ℝ) (ha : 0 < a) (hb : 0 < b) : 0 < a * b", ["positivity"]),
    ("theorem t3 (n : ℕ) (h₀ : n % 5 = 3) : 2 * n % 5 = 1", ["omega"]),
    ("theorem t4 (x y : ℝ) : x ^ 2 + y ^ 2 ≥ 2 * x * y", ["nlinarith [sq_nonneg (x - y)]"]),
    ("theorem t5 : (2 : ℕ) ^ 10 = 1024", ["norm_num"]),
    ("theorem t6 (f : ℝ → ℝ) (h₀ : ∀ x, f x = 3 * x + 2) : f 4 = 14", ["rw [h₀]", "norm_num"]),
    ("theorem t7 (x : ℕ) (h₀ : x + 4 = 9) : x = 5", ["omega"]),
    ("theorem t8 (a : ℝ) (h₀ : a ≠ 0) : a / a = 1", ["field_simp"]),
    ("theorem t9 (x : ℝ) (h₀ : 0 ≤ x) (h₁ : x ^ 2 = 16) : x = 4",
     ["have h₂ : (x - 4) * (x + 4) = 0 := by", "  nlinarith", "rcases mul_eq_zero.mp h₂ with h | h", "· linarith",
      "· nlinarith"]),
    ("theorem t10 (n : ℕ) : ∑ i in Finset.range (n + 1), i = n * (n + 1) / 2",
     ["induction n with", "| zero => simp", "| succ k ih =>", "  rw [Finset.sum_range_succ, ih]",
      "  have h : k * (k + 1) % 2 = 0 := by", "    induction k <;> simp [Nat.mul_mod, Nat.add_mod, *] <;> omega",
      "  omega"]),
    ("theorem t11 (a b c : ℝ) (h₀ : a < b) (h₁ : b < c) : a < c", ["exact lt_trans h₀ h₁"]),
    ("theorem t12 (p q : Prop) (hp : p) (hq : q) : p ∧ q", ["constructor", "· exact hp", "· exact hq"]),
    ("theorem t13 (x : ℤ) (h₀ : 3 * x - 7 = 11) : x = 6", ["linarith"]),
    ("theorem t14 (s : Finset ℕ) (h₀ : s = {1, 2, 3}) : s.card = 3", ["subst h₀", "rfl"]),
    ("theorem t15 (x : ℝ) (h₀ : x ^ 2 - 5 * x + 6 = 0) : x = 2 ∨ x = 3",
     ["have h : (x - 2) * (x - 3) = 0 := by ring_nf; linarith", "rcases mul_eq_zero.mp h with h₁ | h₁",
      "· left; linarith", "· right; linarith"]),
    ("theorem t16 (a : ℕ) (h₀ : a % 2 = 1) : (a ^ 2) % 2 = 1", ["simp [Nat.pow_mod, h₀]"]),
    ("theorem t17 (x y : ℝ) (h₀ : x = 2 * y) (h₁ : y ≠ 0) : x / y = 2", ["rw [h₀]", "field_simp"]),
    ("theorem t18 : Nat.gcd 180 168 = 12", ["norm_num"]),
    ("theorem t19 (x : ℝ) (h₀ : 3 * x + 2 = 2 * x + 5) : x = 3", ["linarith"]),
    ("theorem t20 (a b : ℕ) (h₀ : a = 3) (h₁ : b = 4) : a * b = 12", ["subst h₀ h₁", "norm_num"]),
    ("theorem t21 (f : ℕ → ℕ) (h₀ : ∀ n, f n = n + 1) : f (f 1) = 3", ["simp [h₀]"]),
    ("theorem t22 (x : ℝ) (h₀ : 0 < x) : x / (2 * x) = 1 / 2", ["field_simp", "ring"]),
    ("theorem t23 (n : ℕ) (h₀ : 0 < n) : 1 ≤ n ^ 2", ["nlinarith"]),
    ("theorem t24 (a b : ℝ) (h₀ : a + b = 10) (h₁ : a - b = 2) : a = 6 ∧ b = 4",
     ["constructor <;> linarith"]),
    ("theorem t25 : (7 : ℤ) ∣ 2 ^ 9 - 2 ^ 3", ["norm_num"]),
    ("theorem t26 (x : ℝ) : Real.sqrt (x ^ 2) = |x|", ["exact Real.sqrt_sq_eq_abs x"]),
    ("theorem t27 (a : ℝ) (h₀ : a ^ 2 = 9) (h₁ : 0 < a) : a = 3", ["nlinarith [sq_nonneg (a - 3), sq_nonneg (a + 3)]"]),
    ("theorem t28 (m n : ℕ) (h₀ : Nat.Coprime m n) : Nat.gcd m n = 1", ["exact h₀"]),
    ("theorem t29 (x : ℕ) (h₀ : x < 3) (h₁ : 1 < x) : x = 2", ["interval_cases x", "rfl"]),
    ("theorem t30 (z : ℂ) (h₀ : z = 1 + Complex.I) : z * (starRingEnd ℂ) z = 2",
     ["rw [h₀]", "simp [Complex.ext_iff, Complex.mul_re, Complex.mul_im]", "norm_num"]),
]
HEADER = "import Mathlib\nimport Aesop\n\nset_option maxHeartbeats 400000\n\nopen BigOperators Real Nat Topology Rat\n"


def _code(statement: str, lines: list[str], *, header: bool = False, doc: str = "") -> str:
    body = "\n".join("  " + ln for ln in lines)
    return (HEADER + "\n" if header else "") + doc + f"{statement} := by\n{body}"


def proof_rows() -> list[dict]:
    rows: list[dict] = []

    def add(fmt: str, statement: str, reply: str, expect: str | None, note: str) -> None:
        rows.append({"format": fmt, "statement": statement, "reply": reply,
                     "label": "accept" if expect is not None else "reject", "expect": expect, "note": note})

    plan = ("### Detailed Proof and Analysis\n\nWe first isolate the variable, then conclude by linear arithmetic.\n\n"
            "### Step-by-Step Abstract Plan\n\n1. Rewrite the hypothesis.\n2. Conclude.\n\n")
    for i, (st, lines) in enumerate(PROOFS):
        expect = "\n".join(lines)
        body = "\n".join("  " + ln for ln in lines)
        # deepseek-v1.5: the completion continues after ":= by\n" up to the closing fence
        add("deepseek-v1.5", st, body + "\n```", expect, "proof, closing fence")
        add("deepseek-v1.5", st, body + "\n```\n\nThe proof uses " + lines[0].split()[0] + ".", expect,
            "proof, closing fence, then prose")
        cot_lines = [x for ln in lines for x in (("-- step: " + ln.split()[0]) if not ln.startswith(" ") else None, ln) if x]
        add("deepseek-v1.5", st, "\n".join("  " + ln for ln in cot_lines) + "\n```", "\n".join(cot_lines),
            "proof with explanatory comments (cot prompt)")
        # deepseek-v2 / Goedel-V2: plan, a sketch with sorry, then the final block
        sketch = _code(st, ["have h_main : True := by sorry", "sorry"])
        add("deepseek-v2", st, plan + f"### Lean 4 `have` Statements\n\n```lean4\n{sketch}\n```\n\n"
            f"### Complete Lean 4 Proof\n\n```lean4\n{_code(st, lines, header=True)}\n```\n", expect,
            "plan, sketch with sorry, final proof")
        add("deepseek-v2", st, f"```lean4\n{_code(st, lines, doc='/-- The problem. -/' + chr(10))}\n```", expect,
            "final proof only, doc comment")
        if i % 2 == 0:
            add("deepseek-v2", st, plan + f"```lean\n{_code(st, lines)}\n```\nThis completes the proof.", expect,
                "final proof in a ```lean block, then prose")
        # kimina: reasoning in <think>, the final block after it
        add("kimina", st, "<think>\nLet me try a first step.\n```lean4\n" + _code(st, ["sorry"]) + "\n```\n"
            "That works; now the full proof.\n</think>\n\n```lean4\n" + _code(st, lines, header=True) + "\n```",
            expect, "think with a sketch, final proof")
        add("kimina", st, "```lean4\n" + _code(st, lines) + "\n```", expect, "final proof, no think")
        if i % 2 == 1:
            add("kimina", st, "<think>\nStraightforward.\n</think>\nHere is the final proof:\n```lean4\n"
                + _code(st, lines) + "\n```\n", expect, "short think, announced final proof")

    bad_bodies = [
        (["sorry"], "sorry"), (["norm_num", "admit"], "admit"), (["exact?"], "search tactic"),
        (["nlinarith [sq_nonneg (x - y)"], "unbalanced"), (["We conclude by linarith."], "prose inside the block"),
        (["apply?", "linarith"], "search tactic"), (["simp", "sorry"], "sorry at the end"),
    ]
    for i, (st, _lines) in enumerate(PROOFS[:16]):
        for lines, why in bad_bodies[i % 2 :: 2]:
            body = "\n".join("  " + ln for ln in lines)
            add("deepseek-v1.5", st, body + "\n```", None, why)
            add("deepseek-v2", st, plan + f"```lean4\n{_code(st, lines)}\n```", None, why)
            add("kimina", st, f"<think>\nok\n</think>\n```lean4\n{_code(st, lines)}\n```", None, why)
    st0, lines0 = PROOFS[0]
    changed = st0.replace("= 7", "= 9")
    shapes = [
        ("", "empty reply"), ("```", "empty fence"), ("I could not find a proof.", "prose only"),
        ("The key idea is to isolate x and then use linear arithmetic on the hypothesis.", "plan only"),
        ("```lean4\n```", "empty block"),
    ]
    for reply, why in shapes:
        for fmt in ("deepseek-v1.5", "deepseek-v2", "kimina"):
            add(fmt, st0, reply, None, why)
    for st, lines in PROOFS[:10]:
        wrong = st.replace(")", ") (hbad : False)", 1) if "(" in st else st + " ∧ True"
        for fmt in ("deepseek-v2", "kimina"):
            add(fmt, st, f"```lean4\n{_code(wrong, lines)}\n```", None, "final block changes the statement")
            add(fmt, st, plan + f"```lean4\n{_code(st, lines)}", None, "final block not closed (truncated)")
        add("kimina", st, "<think>\nFirst I try\n```lean4\n" + _code(st, lines) + "\n```\nand then", None,
            "reasoning never finished")
        add("deepseek-v2", st, plan + f"```lean4\n{_code(st, lines)}\n```\n\n### Final sketch\n```lean4\n"
            + _code(st, ["have h : True := trivial", "sorry"]) + "\n```", None, "the last block is a sketch with sorry")
        add("deepseek-v1.5", st, "", None, "empty completion")
        add("deepseek-v1.5", st, "```", None, "fence only")
    for fmt in ("deepseek-v2", "kimina"):
        add(fmt, st0, f"```lean4\n{st0} := trivial\n```", None, "term proof, no tactic block")
        add(fmt, st0, f"```lean4\n{st0} := by\n```", None, "no proof after := by")
        add(fmt, changed, f"```lean4\n{_code(st0, lines0)}\n```", None, "proves another statement")
        add(fmt, st0, "```lean4\nimport Mathlib\nopen Real\n```", None, "header only")
    add("deepseek-v1.5", st0, "We can prove this with linarith.\n```", None, "prose instead of code")
    add("deepseek-v1.5", st0, "Proof: by linarith.", None, "prose instead of code")
    return rows


def main() -> None:
    out = Path(__file__).with_name("replies.jsonl")
    rows = tactic_rows() + proof_rows()
    with out.open("w", encoding="utf-8") as f:
        for i, row in enumerate(rows):
            f.write(json.dumps({"id": i, **row}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} replies written to {out}")


if __name__ == "__main__":
    main()

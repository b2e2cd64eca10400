import Mathlib.Tactic

/-!
# Lean-side helpers of the prover

`prover_close` is the cheap automation the proof search tries on every goal before asking a model:
closing tactics in a fixed order, the first that succeeds wins. Keeping it in Lean (rather than as a list
of strings in Python) makes it one tactic call, one REPL round trip.
-/

namespace ProverLean

/-- Try cheap closing tactics in order: `rfl`, `norm_num`, `simp_all`, `omega`, `linarith`, `nlinarith`,
`positivity`. Fails if none closes the goal. -/
macro "prover_close" : tactic =>
  `(tactic| first
    | rfl
    | norm_num
    | simp_all
    | omega
    | linarith
    | nlinarith
    | positivity)

end ProverLean

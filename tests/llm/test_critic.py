"""The goal critic: strict parsing of step estimates and the median over samples."""

from __future__ import annotations

import math

import pytest

from prover.llm.critic import GoalCritic, critic_prompt, parse_step_estimate
from tests.llm.conftest import FakeServer


@pytest.mark.parametrize(("reply", "expected"), [
    (" 3", 3.0),
    ("3\n", 3.0),
    ("about 4 steps", 4.0),
    ("Remaining steps: 2", 2.0),
    ("**5**", 5.0),
    ("0.", 0.0),
    ("unprovable", math.inf),
    ("Impossible: the goal is false", math.inf),
    ("1000", None),
    ("I think it needs 3 steps", None),
    ("three", None),
    ("-2", None),
    ("", None),
    ("3 4 5", None),
])
def test_parse_step_estimate_table(reply, expected):
    assert parse_step_estimate(reply) == expected


def test_critic_prompt_ends_where_the_number_goes():
    p = critic_prompt("⊢ 1 + 1 = 2", ["intro h"])
    assert p.text.endswith("-- Remaining steps: ") and "intro h" in p.text and "⊢ 1 + 1 = 2" in p.user
    assert p.stop == ("\n",) and p.prompt_id.startswith("critic-v1:")


def test_critic_takes_the_median_of_usable_replies(client_for):
    server = FakeServer(replies=["2", "no idea", "7", "3"], honour_n=False)
    estimate = GoalCritic(client_for(server)).estimate("⊢ True", n=4)
    assert estimate.steps == 3.0 and estimate.usable == 3 and estimate.samples == 4
    assert server.requests[0]["stop"] == ["\n"]


def test_critic_survives_failures_and_garbage(client_for):
    assert GoalCritic(client_for(FakeServer(replies=["???"]))).estimate("⊢ True", n=2).steps is None
    dead = client_for(FakeServer(failures=[500] * 5), max_retries=1)
    estimate = GoalCritic(dead).estimate("⊢ True", n=2)
    assert estimate.steps is None and estimate.usable == 0

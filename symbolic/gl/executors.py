"""The executor seam: how the blocks of one burst are stepped.

A burst is bulk-synchronous: every active block steps on its own state and mailbox, then the grid exchanges
mail. ``SerialExecutor`` steps blocks in this process. ``ProcessPoolBlockExecutor`` keeps blocks resident in
worker processes (block ``b`` lives in worker ``b mod n``): a block is shipped once, then each burst sends only
its mail and the targets retired since, and gets back a :class:`~symbolic.gl.block.BlockSummary` (new proofs,
goal states, sizes). Any executor with the same ``map_steps``/``close`` methods (for instance one backed by Ray
actors) plugs into the grid unchanged.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence
from typing import Any, Protocol

from symbolic.errors import SymbolicError
from symbolic.gl.block import Block, BlockSummary, Mail

__all__ = ["BlockExecutor", "ProcessPoolBlockExecutor", "SerialExecutor", "WorkerError", "step_block"]


class WorkerError(SymbolicError, RuntimeError):
    """A worker process of the process-pool executor died (infrastructure, not a reasoning outcome)."""

Stepped = tuple[Block | BlockSummary, bool]


def step_block(block: Block, mail: Mail) -> tuple[Block, bool]:
    """Step one block in this process."""
    active = block.step(mail)
    return block, active


class BlockExecutor(Protocol):
    """Steps a batch of blocks; returns each stepped block (or its summary) and whether it still has work."""

    def map_steps(self, work: Sequence[tuple[Block | BlockSummary, Mail]]) -> list[Stepped]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """Steps blocks one after another in this process."""

    def map_steps(self, work: Sequence[tuple[Block | BlockSummary, Mail]]) -> list[Stepped]:
        out: list[Stepped] = []
        for b, m in work:
            if not isinstance(b, Block):
                raise TypeError("the serial executor needs the blocks themselves")
            out.append(step_block(b, m))
        return out

    def close(self) -> None:
        return None


def _worker(conn: Any) -> None:
    """Worker loop: hold blocks, step the ones named in each request, answer with summaries."""
    blocks: dict[int, Block] = {}
    reported: dict[int, int] = {}
    while True:
        msg = conn.recv()
        if msg is None:
            conn.close()
            return
        out = []
        for bid, shipped, mail, retired in msg:
            if shipped is not None:
                blocks[bid] = shipped
                reported[bid] = 0
            blk = blocks[bid]
            for g in blk.goals:
                if g.target in retired:
                    g.done = True
            active = blk.step(mail)
            out.append((blk.summary(reported[bid]), active))
            reported[bid] = len(blk.proofs)
        conn.send(out)


class ProcessPoolBlockExecutor:
    """Steps blocks in ``workers`` processes that keep their blocks between bursts (started on first use)."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._conns: list[Any] = []
        self._procs: list[Any] = []
        self._resident: dict[int, BlockSummary] = {}

    def _start(self) -> None:
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        for _ in range(self.workers):
            parent, child = ctx.Pipe()
            p = ctx.Process(target=_worker, args=(child,), daemon=True)
            p.start()
            child.close()
            self._conns.append(parent)
            self._procs.append(p)

    def map_steps(self, work: Sequence[tuple[Block | BlockSummary, Mail]]) -> list[Stepped]:
        if not self._procs:
            self._start()
        batches: list[list[tuple]] = [[] for _ in range(self.workers)]
        where: list[tuple[int, int]] = []
        for b, m in work:
            bid = b.bid
            w = bid % self.workers
            retired = {g.target for g in b.goals if g.done}
            shipped = b if isinstance(b, Block) else None
            where.append((w, len(batches[w])))
            batches[w].append((bid, shipped, m, retired))
        for w, batch in enumerate(batches):
            if batch:
                self._conns[w].send(batch)
        try:
            answers = [self._conns[w].recv() if batch else [] for w, batch in enumerate(batches)]
        except (EOFError, OSError) as exc:
            self.close()
            raise WorkerError(f"a GL worker process died: {exc!r}") from exc
        out: list[Stepped] = []
        for w, i in where:
            summary, active = answers[w][i]
            prev = self._resident.get(summary.bid)
            if prev is not None:
                summary.proofs = prev.proofs + summary.proofs  # workers send only new proofs
            self._resident[summary.bid] = summary
            out.append((summary, active))
        return out

    def close(self) -> None:
        for c in self._conns:
            try:
                c.send(None)
                c.close()
            except (OSError, ValueError):
                pass
        for p in self._procs:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
        self._conns, self._procs = [], []

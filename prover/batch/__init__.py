"""Batch proving: executors (process pool, Ray), the single-writer result store, the statement audit, reports."""

from __future__ import annotations

from prover.batch.audit import AuditResult, audit_statement
from prover.batch.report import build_report, pass_at_k, write_report
from prover.batch.runner import BatchConfig, BatchRun, run_batch
from prover.batch.store import ResultStore, StoreError
from prover.batch.worker import AttemptResult, Task, run_task

__all__ = ["AttemptResult", "AuditResult", "BatchConfig", "BatchRun", "ResultStore", "StoreError", "Task",
           "audit_statement", "build_report", "pass_at_k", "run_batch", "run_task", "write_report"]

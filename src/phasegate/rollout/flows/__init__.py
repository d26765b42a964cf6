"""Orchestration of the rollout: triage runs, phase gates and promotion, demotion, backtests."""

"""Tests of phasegate.drafts: guardrails, providers, the draft flow."""

"""Phase 1, the read-only assistant: one brief per ticket (summary, account, KB passages, policy flags with
their sources, resolution paths). It reads and never writes to the customer.

Importable without FastAPI; the API lives in `routes.py`, orchestration across concepts in `flows.py`.
"""

"""Orchestration of a conversation: the engine per turn, the grounded responder, the hand-off packet."""

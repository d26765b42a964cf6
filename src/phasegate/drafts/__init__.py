"""Phase-2 drafts: what the AI wrote and what the agent sent."""

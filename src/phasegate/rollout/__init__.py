"""The rollout's state: policy versions, per-category phases and their history, kill switches, decisions."""

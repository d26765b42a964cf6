"""The rollout's commands: `policy`, `phase`, `kill-switch` and the top-level `triage`."""

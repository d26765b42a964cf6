"""The eval set phase 1 earns: graded tickets with the right answers."""

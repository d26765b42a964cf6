"""Outcomes and money: resolutions, CSAT responses, cost entries, and the metrics built on them."""

"""Ticket understanding, pure: category routing with calibrated confidence, detectors, entities.

Imports no web framework, database, HTTP client or provider SDK (a test pins this), so `phasegate triage`
runs with no server and no network.
"""

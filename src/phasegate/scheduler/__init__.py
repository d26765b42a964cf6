"""Recurring jobs (demotion checks, KB-gap refresh, the weekly review sample): a registry, a DB-backed lease
so two servers never run the same job at once, and each job's last run stored for the phases page."""

"""Tickets, their messages, and the issues that group a customer's tickets about one problem."""

"""Planyard: one project-management core behind the Taiga, Kaiten, HacknPlan and Productive APIs."""

__version__ = "0.1.0"

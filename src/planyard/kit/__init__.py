"""Plumbing every resource uses; imports nothing from core/ or dialects/."""

"""Change mail: who is owed mail for a change (queue.py), what it says (wording.py), sending it (sender.py)."""

"""What the case page shows that no other page does: the next action a case waits for
(next_action), its timeline in words with people's names (timeline), and the ids that
keep its many forms apart (ids)."""

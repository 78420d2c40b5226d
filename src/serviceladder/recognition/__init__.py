"""Recognition and performance pay (issue 15): star ratings, recognition, tiered performance pay, coaching
from KPI drops, improvement plans for the bottom band."""

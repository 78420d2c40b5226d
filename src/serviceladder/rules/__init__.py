"""The one rule kernel: pure facts, periods, clauses and their explanations, shared by every judgement the
product makes about a person's figures (eligibility's steps, development's goals, and the apps to come).

No Django and no app imports here (a test checks it): each app loads its own facts from the database and
hands plain values to these functions, so a goal made from an unmet condition is judged by the very
function that judged the condition.
"""

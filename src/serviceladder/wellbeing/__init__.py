"""Wellbeing and the career lifecycle (issue 16): lifecycle stages and early-warning signals judged by the
rule kernel, wellbeing cases with actions, the anonymous pulse, the voice channel and team activities.

Sensitive personal data: its own access rules in accounts.scoping, a retention period in the policy, and the
eligibility engine never reads any of it."""

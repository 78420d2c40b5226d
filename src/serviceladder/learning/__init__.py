"""Learning tied to the ladder (issue 17): the course catalogue, sessions and enrolments, completions that
count for the eligibility engine, curricula by stage (new hires, entering a level), exams taken in the
product, and the reports on all of it.

The policy's `trainings:` and `exams:` sections stay the source of the codes a policy names; loading a policy
creates or updates the catalogue entries they define, and HR adds the rest (modes, hours, sessions,
questions)."""

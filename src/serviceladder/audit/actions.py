"""Every action the audit log can record, with a short label (the action filter) and a sentence.

The sentence is what the log says in the reader's language: "%(actor)s approved %(person)s's application at
the department review". Its named fields are `actor` (who acted: a name, or "the system"), `person` (the
employee the event is about) and any key of the event's after/before data (formatted and labelled by
web.audit_text). `audit_record` refuses a code that is not here, and tests/audit/test_action_sentences.py
fails for a code the code base can record without a sentence in both languages.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


class UnknownAuditAction(ValueError):
    """A programming error: an action code without an entry in ACTIONS (so without a readable sentence)."""


class AuditAction(NamedTuple):
    label: object  # lazy text
    sentence: object  # lazy text with %(name)s fields


A = AuditAction

ACTIONS: dict[str, AuditAction] = {
    # accounts and sign-in
    "user.create": A(_("User created"), _("%(actor)s created the user %(username)s")),
    "user.cli_actor": A(
        _("Command-line user marked"),
        _("%(actor)s recorded command-line changes by %(os_username)s as %(username)s"),
    ),
    "role.grant": A(_("Role granted"), _("%(actor)s gave %(username)s the role %(role)s")),
    "role.revoke": A(_("Role revoked"), _("%(actor)s took the role %(role)s from %(username)s")),
    "user.one_time_link": A(
        _("One-time sign-in link made"), _("%(actor)s made a one-time sign-in link for %(username)s")
    ),
    "user.one_time_link_used": A(
        _("One-time sign-in link used"), _("%(username)s signed in with a one-time link")
    ),
    "user.password_change": A(_("Password chosen"), _("%(username)s chose a new password")),
    "user.password_reset_email": A(
        _("Password reset e-mail sent"), _("%(actor)s sent %(username)s a password-reset e-mail")
    ),
    "user.deactivate": A(_("Login deactivated"), _("%(actor)s deactivated the login %(username)s")),
    "user.reactivate": A(_("Login reactivated"), _("%(actor)s reactivated the login %(username)s")),
    "signin.success": A(_("Signed in"), _("%(actor)s signed in")),
    "signin.failure": A(_("Sign-in failed"), _("A sign-in as %(username)s failed")),
    "signin.lockout": A(_("Sign-in locked out"), _("Sign-in was locked after repeated failures")),
    "signin.unlock": A(
        _("Sign-in lock-out cleared"), _("%(actor)s cleared the sign-in lock-out of %(username)s")
    ),
    "api_token.create": A(_("API token created"), _("%(actor)s created an API key for %(username)s")),
    "api_token.revoke": A(_("API token revoked"), _("%(actor)s revoked an API key of %(username)s")),
    "api_token.lockout": A(_("Unknown API keys refused"), _("Unknown API keys were refused for a while")),
    # the roster and people's records
    "org.employee.create": A(_("Employee created"), _("%(actor)s added %(person)s to the roster")),
    "org.employee.update": A(_("Employee updated"), _("%(actor)s updated %(person)s's record")),
    "org.level.assign": A(_("Level changed"), _("%(actor)s set %(person)s's level to %(level)s")),
    "org.level.correct": A(_("Level corrected"), _("%(actor)s corrected %(person)s's level to %(level)s")),
    "org.department.create": A(_("Department created"), _("%(actor)s created a department")),
    "org.department.update": A(_("Department updated"), _("%(actor)s updated a department")),
    "org.team.create": A(_("Team created"), _("%(actor)s created a team")),
    "org.team.update": A(_("Team updated"), _("%(actor)s updated a team")),
    "org.payrecord.create": A(_("Pay recorded"), _("%(actor)s recorded %(person)s's pay")),
    "org.payrecord.update": A(_("Pay record corrected"), _("%(actor)s corrected a pay record of %(person)s")),
    "org.examresult.create": A(
        _("Exam result recorded"), _("%(actor)s recorded an exam result of %(person)s")
    ),
    "org.examresult.update": A(
        _("Exam result corrected"), _("%(actor)s corrected an exam result of %(person)s")
    ),
    "org.violation.create": A(
        _("Disciplinary record added"), _("%(actor)s added a disciplinary record for %(person)s")
    ),
    "org.violation.update": A(
        _("Disciplinary record corrected"), _("%(actor)s corrected a disciplinary record of %(person)s")
    ),
    "org.training.create": A(
        _("Training recorded"), _("%(actor)s recorded a completed training of %(person)s")
    ),
    "org.training.update": A(
        _("Training record corrected"), _("%(actor)s corrected a training record of %(person)s")
    ),
    # a training import's rows are learning completions (issue 17); the two above are earlier events
    "org.completion.create": A(
        _("Training recorded"), _("%(actor)s recorded a completed training of %(person)s")
    ),
    "org.completion.update": A(
        _("Training record corrected"), _("%(actor)s corrected a training record of %(person)s")
    ),
    # imports (one event per import, beside the events of the rows it changed)
    "import.roster": A(_("Roster imported"), _("%(actor)s imported the roster")),
    "import.teams": A(_("Teams imported"), _("%(actor)s imported the teams")),
    "import.pay": A(_("Pay records imported"), _("%(actor)s imported pay records")),
    "import.exams": A(_("Exam results imported"), _("%(actor)s imported exam results")),
    "import.violations": A(_("Disciplinary records imported"), _("%(actor)s imported disciplinary records")),
    "import.trainings": A(_("Trainings imported"), _("%(actor)s imported training records")),
    "import.metrics": A(_("Monthly figures imported"), _("%(actor)s imported monthly figures")),
    "metrics.sheet_import": A(
        _("Monthly figures imported"), _("%(actor)s imported a sheet of monthly figures")
    ),
    "metrics.sheet_value_change": A(
        _("Monthly figure changed"), _("%(actor)s changed %(person)s's monthly figures by an import")
    ),
    "metrics.interactions_import": A(_("Contacts imported"), _("%(actor)s imported contact records")),
    "metrics.rank": A(_("Ranking computed"), _("%(actor)s computed the peer-group ranking")),
    "competency.confirm": A(
        _("Competencies confirmed"), _("%(actor)s confirmed %(person)s's competencies for %(target_level)s")
    ),
    # development plans (issue 14; one section per topic, each helper adds to its own)
    "development.plan_start": A(
        _("Development plan started"), _("%(actor)s started a development plan for %(person)s")
    ),
    "development.plan_revise": A(
        _("Development plan revised"),
        _("%(actor)s opened version %(version)s of %(person)s's development plan for changes"),
    ),
    # development: plans and actions
    "development.plan_edit": A(
        _("Development plan edited"),
        _("%(actor)s changed the target or horizons of draft %(version)s of %(person)s's development plan"),
    ),
    "development.plan_accept_person": A(
        _("Development plan accepted by the person"),
        _("%(actor)s accepted version %(version)s of %(person)s's development plan as the person"),
    ),
    "development.plan_accept_lead": A(
        _("Development plan accepted by the lead"),
        _("%(actor)s accepted version %(version)s of %(person)s's development plan as the lead"),
    ),
    "development.plan_agree": A(
        _("Development plan agreed"),
        _("Version %(version)s of %(person)s's development plan is agreed and in force"),
    ),
    "development.plan_discard_draft": A(
        _("Development plan draft discarded"),
        _("%(actor)s discarded draft %(version)s of %(person)s's development plan"),
    ),
    "development.plan_close": A(
        _("Development plan closed"), _("%(actor)s closed %(person)s's development plan (%(outcome)s)")
    ),
    "development.plan_template_apply": A(
        _("Plan template applied"),
        _("%(actor)s applied the template %(template)s to %(person)s's development plan"),
    ),
    "development.action_add": A(
        _("Plan action added"), _("%(actor)s added the action “%(title)s” to %(person)s's development plan")
    ),
    "development.action_edit": A(
        _("Plan action changed"),
        _("%(actor)s changed the action “%(title)s” of %(person)s's development plan"),
    ),
    "development.action_remove": A(
        _("Plan action removed"),
        _("%(actor)s removed the action “%(title)s” from %(person)s's development plan"),
    ),
    "development.action_update": A(
        _("Plan action progress recorded"),
        _("%(actor)s recorded “%(title)s” of %(person)s's development plan as %(status)s"),
    ),
    # development: goals
    "development.goal_add": A(
        _("Goal added"), _("%(actor)s added the goal %(statement)s to %(person)s's development plan")
    ),
    "development.goal_edit": A(
        _("Goal changed"), _("%(actor)s changed the goal %(statement)s of %(person)s's development plan")
    ),
    "development.goal_remove": A(
        _("Goal removed"), _("%(actor)s removed the goal %(statement)s from %(person)s's development plan")
    ),
    "development.goal_check_in": A(
        _("Goal check-in"), _("%(actor)s recorded a check-in on %(person)s's goal %(statement)s")
    ),
    "development.goal_judge": A(
        _("Goal judged"), _("%(actor)s judged %(person)s's goal %(statement)s: %(status)s")
    ),
    "development.goal_judged": A(
        _("Goal judged from the figures"),
        _("%(actor)s judged %(person)s's goal %(statement)s from the monthly figures: %(status)s"),
    ),
    # development: assessments
    "assessment.rate_self": A(
        _("Self-assessment recorded"),
        _("%(actor)s rated their own competencies for %(target_level)s"),
    ),
    "assessment.rate_superior": A(
        _("Superior's assessment recorded"),
        _("%(actor)s rated %(person)s's competencies for %(target_level)s"),
    ),
    "assessment.peer_round_open": A(
        _("Peer rating round opened"),
        _("%(actor)s asked %(peers)s peers to rate %(person)s for %(target_level)s until %(closes_on)s"),
    ),
    "import.assessments": A(_("Assessments imported"), _("%(actor)s imported historic skill assessments")),
    "assessment.peer_round_close": A(
        _("Peer rating round closed"), _("%(actor)s closed the peer rating round of %(person)s")
    ),
    # development: conversations and reminders
    "development.conversation_record": A(
        _("Career conversation recorded"),
        _("%(actor)s recorded a career conversation with %(person)s held on %(held_on)s"),
    ),
    # development: mentoring and the record
    "development.mentorship_start": A(
        _("Mentor paired"), _("%(actor)s paired %(mentor_name)s as mentor of %(person)s")
    ),
    "development.mentorship_end": A(
        _("Mentorship ended"), _("%(actor)s ended %(mentor_name)s's mentorship of %(person)s")
    ),
    "development.mentoring_session": A(
        _("Mentoring session logged"),
        _("%(actor)s logged a mentoring session with %(person)s held on %(held_on)s"),
    ),
    "development.contribution_add": A(
        _("Contribution recorded"), _("%(actor)s recorded “%(title)s” in %(person)s's development record")
    ),
    "development.contribution_update": A(
        _("Contribution changed"), _("%(actor)s changed “%(title)s” in %(person)s's development record")
    ),
    "development.contribution_delete": A(
        _("Contribution deleted"), _("%(actor)s deleted “%(title)s” from %(person)s's development record")
    ),
    # recognition: performance pay
    "recognition.bonus_propose": A(
        _("Bonus month proposed"), _("%(actor)s proposed the performance pay of %(month)s")
    ),
    "recognition.bonus_adjust": A(
        _("Bonus adjusted"), _("%(actor)s adjusted %(person)s's performance pay of %(month)s")
    ),
    "recognition.bonus_approve": A(
        _("Bonus month approved"), _("%(actor)s approved the performance pay of %(month)s")
    ),
    "recognition.bonus_correct": A(
        _("Bonus corrected"), _("%(actor)s corrected %(person)s's approved performance pay of %(month)s")
    ),
    # policy and calendar
    "policy.load": A(_("Policy loaded"), _("%(actor)s loaded the promotion policy %(version)s")),
    "policy.draft.create": A(
        _("Policy draft saved"), _("%(actor)s saved the policy draft “%(name)s” (from %(version)s)")
    ),
    "policy.draft.update": A(
        _("Policy draft changed"), _("%(actor)s changed the policy draft “%(name)s” (from %(version)s)")
    ),
    "policy.draft.delete": A(_("Policy draft deleted"), _("%(actor)s deleted the policy draft “%(name)s”")),
    "calendar.seed": A(_("Working calendar filled"), _("%(actor)s filled the working calendar")),
    "calendar.import": A(_("Working calendar imported"), _("%(actor)s imported the working calendar")),
    "calendar.day_set": A(_("Working day changed"), _("%(actor)s changed %(date)s in the working calendar")),
    # promotion cycles and cases
    "promotion.cycle_open": A(
        _("Promotion cycle opened"), _("%(actor)s opened the promotion cycle %(name)s")
    ),
    "promotion.cycle_quotas": A(_("Quotas changed"), _("%(actor)s changed the quotas of a promotion cycle")),
    "promotion.create": A(
        _("Application started"), _("%(actor)s started %(person)s's application for %(target_level)s")
    ),
    "promotion.nominate": A(_("Nominated"), _("%(actor)s nominated %(person)s for %(target_level)s")),
    "promotion.update": A(_("Application edited"), _("%(actor)s edited %(person)s's application")),
    "promotion.attachment_add": A(
        _("Attachment added"), _("%(actor)s attached a file to %(person)s's application")
    ),
    "promotion.attachment_remove": A(
        _("Attachment removed"), _("%(actor)s removed a file from %(person)s's application")
    ),
    "promotion.comment": A(_("Comment"), _("%(actor)s commented on %(person)s's application")),
    "promotion.assessment_schedule": A(
        _("Interview or assessment scheduled"),
        _("%(actor)s scheduled an interview or assessment for %(person)s"),
    ),
    "promotion.assessment_record": A(
        _("Interview or assessment recorded"),
        _("%(actor)s recorded the result of %(person)s's interview or assessment"),
    ),
    "promotion.submit": A(_("Application submitted"), _("%(actor)s submitted %(person)s's application")),
    "promotion.withdraw": A(_("Application withdrawn"), _("%(actor)s withdrew %(person)s's application")),
    "promotion.dept_approve": A(
        _("Department review: approved"),
        _("%(actor)s approved %(person)s's application at the department review"),
    ),
    "promotion.dept_reject": A(
        _("Department review: rejected"),
        _("%(actor)s rejected %(person)s's application at the department review"),
    ),
    "promotion.hr_approve": A(
        _("HR review: approved"), _("%(actor)s approved %(person)s's application at the HR review")
    ),
    "promotion.hr_reject": A(
        _("HR review: rejected"), _("%(actor)s rejected %(person)s's application at the HR review")
    ),
    "promotion.mgmt_approve": A(
        _("Management: approved"), _("%(actor)s approved %(person)s's application for management")
    ),
    "promotion.mgmt_reject": A(
        _("Management: rejected"), _("%(actor)s rejected %(person)s's application for management")
    ),
    "promotion.publish": A(_("Put on notice"), _("%(actor)s put %(person)s's promotion on public notice")),
    "promotion.notice_publish": A(_("Notice published"), _("%(actor)s published a promotion notice")),
    "promotion.appeal_file": A(_("Appeal filed"), _("%(actor)s appealed against %(person)s's promotion")),
    "promotion.appeal_answer": A(
        _("Appeal answered"), _("%(actor)s answered an appeal against %(person)s's promotion")
    ),
    "promotion.appeal_dismiss": A(
        _("Appeal dismissed"), _("%(actor)s dismissed the appeal against %(person)s's promotion")
    ),
    "promotion.appeal_uphold_department": A(
        _("Appeal upheld: back to the department review"),
        _("%(actor)s upheld the appeal and sent %(person)s's application back to the department review"),
    ),
    "promotion.appeal_uphold_hr": A(
        _("Appeal upheld: back to the HR review"),
        _("%(actor)s upheld the appeal and sent %(person)s's application back to the HR review"),
    ),
    "promotion.appeal_uphold_reject": A(
        _("Appeal upheld: rejected"), _("%(actor)s upheld the appeal and rejected %(person)s's promotion")
    ),
    "promotion.pay_adjust": A(_("New pay adjusted"), _("%(actor)s adjusted %(person)s's new pay")),
    "promotion.finalise": A(_("Promotion effective"), _("%(actor)s made %(person)s's promotion effective")),
    # recognition: received
    "recognition.give": A(_("Recognition given"), _("%(actor)s gave %(person)s recognition")),
    "recognition.hide": A(_("Recognition hidden"), _("%(actor)s hid a recognition %(person)s received")),
    "recognition.show": A(
        _("Recognition shown again"), _("%(actor)s showed a hidden recognition of %(person)s again")
    ),
    "recognition.import_row": A(
        _("Customer compliment imported"), _("%(actor)s imported a customer compliment for %(person)s")
    ),
    "import.recognition": A(_("Customer compliments imported"), _("%(actor)s imported customer compliments")),
    # recognition: stars
    "stars.period_compute": A(
        _("Star period computed"),
        _("%(actor)s computed the star ratings of %(period)s for %(people)s people"),
    ),
    "stars.nominate": A(
        _("Nominated one star tier up"),
        _("%(actor)s nominated %(person)s for %(nominated_stars)s stars in %(period)s"),
    ),
    "stars.nomination_accept": A(
        _("Star nomination accepted"),
        _("%(actor)s accepted the nomination of %(person)s for %(nominated_stars)s stars in %(period)s"),
    ),
    "stars.nomination_decline": A(
        _("Star nomination declined"),
        _("%(actor)s declined the nomination of %(person)s for %(nominated_stars)s stars in %(period)s"),
    ),
    "stars.period_publish": A(
        _("Star period published"),
        _("%(actor)s published the star ratings of %(period)s for %(people)s people"),
    ),
    # recognition: coaching
    "recognition.coaching_task_create": A(
        _("Coaching task created"),
        _("%(actor)s opened a coaching task for %(person)s (rule %(rule)s, %(month)s)"),
    ),
    "recognition.coaching_session_record": A(
        _("Coaching session recorded"),
        _("%(actor)s recorded a coaching session with %(person)s held on %(session_on)s"),
    ),
    "recognition.coaching_acknowledge": A(
        _("Coaching session acknowledged"), _("%(actor)s acknowledged the coaching session with %(person)s")
    ),
    "recognition.coaching_dismiss": A(
        _("Coaching task dismissed"), _("%(actor)s dismissed a coaching task of %(person)s")
    ),
    "recognition.coaching_follow_up": A(
        _("Coaching follow-up recorded"), _("%(actor)s recorded the coaching follow-up with %(person)s")
    ),
    "recognition.coaching_goal": A(
        _("Coaching action made a goal"),
        _("%(actor)s made a coaching action a goal of %(person)s's development plan"),
    ),
    # recognition: improvement plans
    "improvement.propose": A(
        _("Improvement plan proposed"),
        _("%(actor)s opened a proposal for an improvement plan for %(person)s (bottom band to %(month)s)"),
    ),
    "improvement.lead_propose": A(
        _("Improvement plan: lead's proposal"),
        _("%(actor)s proposed the goals, support and dates of %(person)s's improvement plan"),
    ),
    "improvement.lead_decline": A(
        _("Improvement plan declined by the lead"),
        _("%(actor)s declined the proposal for an improvement plan for %(person)s"),
    ),
    "improvement.hr_approve": A(
        _("Improvement plan approved"), _("%(actor)s approved %(person)s's improvement plan")
    ),
    "improvement.hr_decline": A(
        _("Improvement plan declined by HR"), _("%(actor)s declined %(person)s's improvement plan")
    ),
    "improvement.check_in": A(
        _("Improvement plan check-in"),
        _("%(actor)s recorded a check-in of %(date)s on %(person)s's improvement plan"),
    ),
    "improvement.acknowledge": A(
        _("Improvement plan acknowledged"), _("%(actor)s acknowledged %(person)s's improvement plan")
    ),
    "improvement.respond": A(
        _("Response to an improvement plan"),
        _("%(actor)s attached a response to %(person)s's improvement plan"),
    ),
    "improvement.outcome": A(
        _("Improvement plan outcome"),
        _("%(actor)s recorded the outcome of %(person)s's improvement plan: %(outcome)s"),
    ),
    # wellbeing: voice
    "voice.submit": A(
        _("Voice item raised"), _("%(actor)s raised an item in the voice channel (answer due %(due_on)s)")
    ),
    "voice.assign": A(_("Voice item owner chosen"), _("%(actor)s chose the owner of a voice item")),
    "voice.start": A(_("Voice item started"), _("%(actor)s started working on a voice item")),
    "voice.answer": A(_("Voice item answered"), _("%(actor)s answered a voice item")),
    "voice.publish": A(
        _("Voice answer published"), _("%(actor)s changed whether a voice answer is published to all staff")
    ),
    "voice.withdraw": A(_("Voice item withdrawn"), _("%(actor)s withdrew a voice item")),
    "voice.escalate": A(
        _("Voice item escalated"),
        _("%(actor)s escalated a voice item past its answer deadline (%(due_on)s)"),
    ),
    "voice.recompute_due": A(
        _("Voice deadline recounted"),
        _("%(actor)s recounted a voice item's answer deadline on the official holiday calendar (%(due_on)s)"),
    ),
    # wellbeing: signals
    "wellbeing.scan": A(
        _("Wellbeing signals assessed"),
        _("%(actor)s assessed the lifecycle stages and wellbeing signals of %(month)s for %(people)s people"),
    ),
    # wellbeing: cases
    "wellbeing.case_open": A(
        _("Wellbeing case opened"), _("%(actor)s opened a wellbeing case for %(person)s (phase %(phase)s)")
    ),
    "wellbeing.case_action_add": A(
        _("Wellbeing case action planned"),
        _("%(actor)s planned an action (%(kind)s) due on %(due_on)s in %(person)s's wellbeing case"),
    ),
    "wellbeing.case_action_done": A(
        _("Wellbeing case action done"),
        _("%(actor)s marked an action (%(kind)s) of %(person)s's wellbeing case done on %(done_on)s"),
    ),
    "wellbeing.case_follow_up_add": A(
        _("Wellbeing case follow-up"),
        _("%(actor)s recorded a follow-up of %(held_on)s in %(person)s's wellbeing case"),
    ),
    "wellbeing.case_close": A(
        _("Wellbeing case closed"),
        _("%(actor)s closed %(person)s's wellbeing case (%(close_reason)s)"),
    ),
    # wellbeing: activities
    "wellbeing.activity_create": A(
        _("Team activity created"), _("%(actor)s created the team activity %(activity)s")
    ),
    "wellbeing.activity_edit": A(
        _("Team activity changed"), _("%(actor)s changed the team activity %(activity)s")
    ),
    "wellbeing.activity_cancel": A(
        _("Team activity cancelled"), _("%(actor)s cancelled the team activity %(activity)s")
    ),
    "wellbeing.activity_sign_up": A(
        _("Signed up for a team activity"),
        _("%(actor)s signed %(person)s up for the team activity %(activity)s"),
    ),
    "wellbeing.activity_withdraw": A(
        _("Withdrawn from a team activity"),
        _("%(actor)s withdrew %(person)s from the team activity %(activity)s"),
    ),
    "wellbeing.activity_attendance": A(
        _("Attendance recorded"),
        _("%(actor)s recorded the attendance at the team activity %(activity)s: %(attended)s attended"),
    ),
    # wellbeing: retention
    "wellbeing.retention_purge": A(
        _("Wellbeing data purged"),
        _(
            "%(actor)s purged wellbeing data past its retention: %(comments)s pulse comments, %(cases)s "
            "closed cases, %(shared)s shared pulse answers"
        ),
    ),
    # wellbeing: pulse (ids, the month and counts only: never an answer, never who answered)
    "pulse.cycle_schedule": A(
        _("Pulse scheduled"), _("%(actor)s scheduled the anonymous pulse of %(month)s")
    ),
    "pulse.cycle_open": A(_("Pulse opened"), _("%(actor)s opened the anonymous pulse of %(month)s")),
    "pulse.cycle_close": A(
        _("Pulse closed"), _("%(actor)s closed the anonymous pulse of %(month)s (%(responses)s answers)")
    ),
    # learning: enrolments and completions (issue 17)
    "learning.enrol": A(
        _("Enrolled in a course"), _("%(actor)s enrolled %(person)s in the course %(course)s")
    ),
    "learning.enrolment_due": A(
        _("Course due date changed"),
        _("%(actor)s moved the due date of %(person)s's course %(course)s to %(due_on)s"),
    ),
    "learning.completion": A(
        _("Training completed"),
        _("%(actor)s recorded that %(person)s completed %(course)s on %(completed_on)s"),
    ),
    # learning: curricula (issue 17 item 4)
    "learning.curriculum_create": A(_("Curriculum created"), _("%(actor)s created the curriculum %(code)s")),
    "learning.curriculum_edit": A(_("Curriculum changed"), _("%(actor)s changed the curriculum %(code)s")),
    # learning: exams (issue 17 item 5)
    "learning.question_save": A(
        _("Exam question saved"), _("%(actor)s saved question %(question)s of a question bank")
    ),
    "learning.exam_save": A(_("Exam saved"), _("%(actor)s saved the exam %(exam)s")),
    "learning.attempt_start": A(
        _("Exam attempt started"), _("%(person)s started attempt %(number)s of the exam %(exam)s")
    ),
    "learning.attempt_submit": A(
        _("Exam attempt submitted"),
        _("%(actor)s submitted attempt %(number)s of %(person)s at the exam %(exam)s"),
    ),
    "learning.attempt_mark": A(
        _("Exam attempt marked"),
        _("%(actor)s marked attempt %(number)s of %(person)s at the exam %(exam)s (score %(score)s of 100)"),
    ),
    # learning: sessions and marking (issue 17)
    "learning.session_schedule": A(
        _("Session scheduled"), _("%(actor)s scheduled a session of %(course)s at %(starts_at)s")
    ),
    "learning.session_edit": A(_("Session changed"), _("%(actor)s changed a session of %(course)s")),
    "learning.session_cancel": A(_("Session cancelled"), _("%(actor)s cancelled a session of %(course)s")),
    "learning.enrolment_book": A(
        _("Seat booked"), _("%(actor)s booked %(person)s a seat in a session of %(course)s")
    ),
    "learning.enrolment_waitlist": A(
        _("Put on a waiting list"),
        _("%(actor)s put %(person)s on the waiting list of a session of %(course)s"),
    ),
    "learning.enrolment_leave": A(
        _("Seat given up"), _("%(actor)s took %(person)s out of a session of %(course)s")
    ),
    "learning.enrolment_attend": A(
        _("Attendance marked"), _("%(actor)s marked that %(person)s attended %(course)s")
    ),
    "learning.enrolment_complete": A(
        _("Course marked completed"), _("%(actor)s marked %(person)s's course %(course)s completed")
    ),
    "learning.enrolment_fail": A(
        _("Course marked failed"), _("%(actor)s marked %(person)s's course %(course)s failed")
    ),
    "learning.enrolment_start": A(
        _("Online course started"), _("%(actor)s started the online course %(course)s")
    ),
    "learning.enrolment_progress": A(
        _("Online course progress"), _("%(actor)s reached %(progress)s%% of the online course %(course)s")
    ),
    "import.enrolments": A(_("Enrolments imported"), _("%(actor)s imported course enrolments")),
    "learning.enrolment_cancel": A(
        _("Enrolment cancelled"), _("%(actor)s cancelled %(person)s's enrolment in %(course)s")
    ),
    # learning: catalogue
    "learning.course_create": A(
        _("Course created"), _("%(actor)s added the course %(code)s to the catalogue")
    ),
    "learning.course_update": A(_("Course changed"), _("%(actor)s changed the course %(code)s")),
    "learning.courses_import": A(
        _("Courses imported"),
        _("%(actor)s imported %(created)s new and %(updated)s changed courses from %(file)s"),
    ),
    "learning.trainer_grant": A(
        _("Trainer granted"), _("%(actor)s let %(username)s train the course %(course)s")
    ),
    "learning.trainer_revoke": A(
        _("Trainer grant taken away"), _("%(actor)s took the course %(course)s from trainer %(username)s")
    ),
    # learning: completions
    "learning.enrolment_expired": A(
        _("Course completion expired"),
        _("%(person)s's completion of %(course)s expired on %(expires_on)s"),
    ),
    "learning.renewal": A(
        _("Certification renewal started"),
        _("%(person)s is to renew %(course)s before it expires on %(expires_on)s"),
    ),
    # maintenance
    "database.wipe": A(_("Database erased"), _("%(actor)s erased the whole database")),
    "demo.load": A(_("Demo loaded"), _("%(actor)s loaded the demo organisation")),
    "backup.create": A(_("Backup made"), _("%(actor)s made a backup")),
    "backup.restore": A(_("Backup restored"), _("%(actor)s restored a backup")),
}


def audit_action_check(code: str) -> None:
    """Raise UnknownAuditAction unless `code` has a label and a sentence."""
    if code not in ACTIONS:
        raise UnknownAuditAction(
            f"audit action {code!r} has no sentence: add it to serviceladder.audit.actions.ACTIONS"
        )

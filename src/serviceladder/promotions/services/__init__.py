"""Writers of the promotion process (policy 001 §6–8). The contract for the web pages, the API and the CLI.

Every service is keyword-only, takes `actor: Actor` (serviceladder.audit.services), runs in one transaction,
writes its audit rows in it, notifies on commit (notify.py) and raises DomainErrors from errors.py.
Every state change goes through workflow.transition_apply (the one function; table in states.py). Services
that move an application accept `expected_version` (the `version` the caller showed) — optional.

Cycles
  promotion_cycle_open(*, actor, name, opens_on, closes_on, quotas=None, note="") -> PromotionCycle
      HR. Window inside the policy's application months (policy in force on opens_on); quotas default to
      the policy's `process.quotas`.
  promotion_cycle_quotas_set(*, actor, cycle, quotas, reason, expected_version=None) -> PromotionCycle
      HR replaces the quota map with a reason (audited per level); until the cycle's first notice is
      published and while the cycle is not closed; never below management's approvals for a level whose
      quota changes. The cycle has a `version` (+1 per change) for expected_version.
      quotas_frozen(cycle) -> QuotasFrozen | None says in advance why a change would be refused.
Applications
  promotion_application_create(*, actor, cycle, target_level, achievements="", capability_growth="",
      role_understanding="", plan="") -> PromotionApplication            the applicant's draft
  promotion_application_nominate(*, actor, cycle, employee, target_level, achievements="", ...) -> draft
      by the person's team lead or department head (nominated_by)
  promotion_application_update(*, actor, application, **form fields, expected_version=None)   draft only
  promotion_attachment_add(*, actor, application, uploaded_file) -> ApplicationAttachment     draft only
  promotion_attachment_remove(*, actor, attachment, reason="") -> AttachmentRemoval
      the uploader while the applicant side may still change the case (a draft, or submitted before the
      department review starts: no review opinion recorded yet), reason optional; HR on someone else's case
      in any state before it is closed (effective, rejected, withdrawn), reason required. Audited in the
      transaction (file name, size, case, reason, file_missing) and shown in the timeline; the stored file
      is deleted on commit only; a file already missing from disk still lets the record go (audit says so)
  promotion_application_submit(*, actor, application, exception_reason="", expected_version=None)
      applicant or nominator, inside the window; freezes the eligibility decision; not eligible → only as
      an exception with a reason (is_exception)
  promotion_application_withdraw(*, actor, application, reason="", expected_version=None)    applicant
Stages
  promotion_review_department(*, actor, application, approve: bool, opinion, expected_version=None)
  promotion_assessment_schedule(*, actor, application, kind, scheduled_at, note="") -> Assessment   HR
  promotion_assessment_record(*, actor, assessment, scores: dict[str, Decimal|str], result_note="")  HR
  promotion_review_hr(*, actor, application, approve: bool, opinion, expected_version=None)
  promotion_approve_management(*, actor, application, approve: bool, opinion, override_reason="",
      expected_version=None)   over the target level's quota only with override_reason; approval proposes
      the pay change (PayChange)
  promotion_notice_publish(*, actor, cycle, applications=None, published_on=None) -> PromotionNotice
      HR; all management-approved applications of the cycle by default; end date from the work calendar
  promotion_appeal_file(*, actor, application, text) -> Appeal
      anyone but the applicant, while the notice runs
  promotion_appeal_answer(*, actor, appeal, outcome, answer) -> Appeal
      HR; outcome "dismissed" | "upheld_department" | "upheld_hr" | "upheld_reject"
  promotion_pay_adjust(*, actor, application, amount, reason) -> PayChange     HR, within the band
  promotion_finalise(*, actor, application, today=None, expected_version=None) -> PromotionApplication
      HR, after the notice with no open appeal: level (org.services.employee_level_assign), pay
      (org.services.employee_pay_set) from the first day of the next month, promotion trainings assigned
Any stage
  promotion_comment_add(*, actor, application, text) -> Comment       anyone who may see the case
"""

from serviceladder.promotions.services.applications import (
    promotion_application_create,
    promotion_application_nominate,
    promotion_application_submit,
    promotion_application_update,
    promotion_application_withdraw,
    promotion_attachment_add,
    promotion_comment_add,
)
from serviceladder.promotions.services.attachments import AttachmentRemoval, promotion_attachment_remove
from serviceladder.promotions.services.cycles import (
    approvals_by_level,
    promotion_cycle_open,
    promotion_cycle_quotas_set,
    quota_levels,
    quotas_frozen,
)
from serviceladder.promotions.services.finalise import promotion_finalise, promotion_pay_adjust
from serviceladder.promotions.services.notice import (
    APPEAL_OUTCOMES,
    notice_end,
    promotion_appeal_answer,
    promotion_appeal_file,
    promotion_notice_publish,
)
from serviceladder.promotions.services.reviews import (
    promotion_approve_management,
    promotion_assessment_record,
    promotion_assessment_schedule,
    promotion_review_department,
    promotion_review_hr,
    quota_use,
)

__all__ = [
    "APPEAL_OUTCOMES",
    "AttachmentRemoval",
    "approvals_by_level",
    "notice_end",
    "promotion_appeal_answer",
    "promotion_appeal_file",
    "promotion_application_create",
    "promotion_application_nominate",
    "promotion_application_submit",
    "promotion_application_update",
    "promotion_application_withdraw",
    "promotion_approve_management",
    "promotion_assessment_record",
    "promotion_assessment_schedule",
    "promotion_attachment_add",
    "promotion_attachment_remove",
    "promotion_comment_add",
    "promotion_cycle_open",
    "promotion_cycle_quotas_set",
    "promotion_finalise",
    "promotion_notice_publish",
    "promotion_pay_adjust",
    "promotion_review_department",
    "promotion_review_hr",
    "quota_levels",
    "quota_use",
    "quotas_frozen",
]

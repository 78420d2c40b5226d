"""core.translatable: text frozen as message ids and values, rendered in whichever language is active."""

import json

from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from serviceladder.core.translatable import Message, Names, freeze, one_line, render, render_in

APPROVED = _("{stage}: approved")  # in the catalogue: "{stage}：已通过"
HR_REVIEW = _("HR review")  # "人力资源复审"


def test_a_message_is_frozen_language_free_and_rendered_per_reader():
    with translation.override("zh-hans"):  # whoever sends it reads Chinese
        spec = freeze(Message(APPROVED, stage=HR_REVIEW))
    assert spec == {"msgid": "{stage}: approved", "params": {"stage": {"msgid": "HR review"}}}
    assert json.loads(json.dumps(spec)) == spec
    assert render_in(spec, "en") == "HR review: approved"
    assert render_in(spec, "zh-hans") == "人力资源复审：已通过"


def test_names_numbers_and_plain_text():
    spec = freeze(
        Message(_("{name} holds {level} from {date}."), name="李娜", level=Names("二级", "Level 2"), date=3)
    )
    assert render_in(spec, "en") == "李娜 holds Level 2 from 3."
    assert render_in(freeze(Names("二级", "")), "en") == "二级"  # the other language when one is missing
    # Plain text is somebody's own words: never looked up in the catalogue.
    assert freeze("HR review") == "HR review"
    assert render_in("HR review", "zh-hans") == "HR review"


def test_str_of_a_message_renders_in_the_active_language():
    message = Message(APPROVED, stage=HR_REVIEW)
    with translation.override("zh-hans"):
        assert str(message) == "人力资源复审：已通过"
    with translation.override("en"):
        assert str(message) == "HR review: approved"


def test_a_translation_that_does_not_fit_its_values_falls_back_to_english(monkeypatch):
    monkeypatch.setattr("serviceladder.core.translatable.gettext", lambda msgid: "{missing}：已通过")
    spec = {"msgid": "{stage}: approved", "params": {"stage": "HR"}}
    assert render(spec) == "HR: approved"
    assert render({"msgid": "{stage}: approved", "params": {"other": "x"}}) == "{stage}: approved"


def test_unknown_or_empty_specs_render_as_nothing():
    assert render({}) == "" and render(None) == "" and render({"msgid": ""}) == ""


def test_one_line():
    assert one_line(" a\n b ", 10) == "a b"
    assert one_line("x" * 12, 10) == "x" * 9 + "…"


def test_format_lazy_from_a_caller_is_kept_like_a_message():
    with translation.override("zh-hans"):
        spec = freeze(format_lazy(APPROVED, stage=HR_REVIEW))
    assert spec == freeze(Message(APPROVED, stage=HR_REVIEW))
    assert render_in(spec, "zh-hans") == "人力资源复审：已通过"


def test_other_lazy_text_is_kept_in_every_language():
    spec = freeze(pgettext_lazy("no such context", "HR review"))
    assert spec == {"zh": "HR review", "en": "HR review"}  # no entry with this context: the source text
    one = freeze(ngettext_lazy("%(n)s unread notification", "%(n)s unread notifications", 1))
    assert set(one) == {"zh", "en"} and one["en"] == "%(n)s unread notification"

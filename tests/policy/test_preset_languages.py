"""Presets come with comments in both languages; a stored version is shown as it was written."""

import datetime as dt
import re

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from serviceladder.accounts.roles import Role
from serviceladder.audit.services import Actor
from serviceladder.cli.main import main
from serviceladder.policy.presets import (
    COMMENT,
    comment_translations,
    preset_names,
    preset_summary,
    preset_text,
    untranslated_comments,
)
from serviceladder.policy.services import policy_load
from tests.factories import user_with_roles

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def comments(text: str) -> list[str]:
    return [
        m["text"] for line in text.splitlines() if (m := COMMENT.match(line)) and m["text"].strip("-=#* ")
    ]


@pytest.mark.parametrize("name", preset_names())
def test_every_comment_of_every_preset_has_its_chinese_text(name):
    english = preset_text(name)
    assert untranslated_comments(english, "zh-hans") == []
    chinese = preset_text(name, "zh-hans")
    assert comments(english) and len(comments(chinese)) == len(comments(english))
    assert all(CHINESE.search(c) for c in comments(chinese)), comments(chinese)
    assert not set(comments(english)) & set(comments(chinese))


@pytest.mark.parametrize("name", preset_names())
def test_the_policy_is_the_same_in_both_languages(name):
    english, chinese = preset_text(name, "en"), preset_text(name, "zh-hans")
    assert yaml.safe_load(english) == yaml.safe_load(chinese)
    # only comments differ: the same lines, the same values before any "#"
    assert [line.split("#")[0] for line in english.splitlines()] == [
        line.split("#")[0] for line in chinese.splitlines()
    ]


def test_a_trailing_comment_is_translated_in_place():
    text = preset_text("cn-standard", "zh-hans")
    line = next(line for line in text.splitlines() if line.strip().startswith("application_months:"))
    assert (
        line.split("#")[1].strip()
        == comment_translations("zh-hans")["applications are accepted in March and September"]
    )


def test_the_summary_follows_the_language():
    assert preset_summary("cn-standard").startswith("Standard contact-center ladder")
    assert preset_summary("cn-standard", "zh-hans").startswith("标准呼叫中心职级体系")


def test_policy_init_writes_the_comments_in_the_language_asked(capsys):
    assert main(["policy", "init", "--preset", "ecommerce-fast", "--language", "zh-hans"]) == 0
    chinese = capsys.readouterr().out
    assert chinese == preset_text("ecommerce-fast", "zh-hans")
    assert chinese.startswith("# 电商客服职级体系")
    assert main(["policy", "init", "--preset", "ecommerce-fast"]) == 0
    assert capsys.readouterr().out.startswith("# E-commerce ladder")
    assert main(["policy", "init", "--preset", "ecommerce-fast", "--language", "zh"]) == 0
    assert capsys.readouterr().out == chinese
    with pytest.raises(SystemExit) as exit_:
        main(["policy", "init", "--language", "fr"])
    assert exit_.value.code == 2
    assert "fr" in capsys.readouterr().err


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["en", "zh-hans"])
def test_a_stored_version_is_shown_as_it_was_written(reader):
    written = preset_text("finance-steady", "zh-hans")
    policy_load(actor=Actor(user=None, channel="cli"), text=written, effective=dt.date(2024, 1, 1))
    client = Client()
    client.force_login(user_with_roles("hr", Role.HR))
    client.cookies["serviceladder_language"] = reader
    for suffix in ("", "?download=1"):
        response = client.get(reverse("policy_version", args=[1]) + suffix, secure=True)
        assert response.status_code == 200
        assert response.content.decode() == written

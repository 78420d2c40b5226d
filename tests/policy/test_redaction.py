"""The pay rule over policy content, as a pure function: no pay figure survives redaction."""

import yaml
from hypothesis import given
from hypothesis import strategies as st

from serviceladder.policy.redaction import HIDDEN, has_pay, redact_pay, redact_pay_text
from tests.web.org import WEB_POLICY

NOTE = "Pay bands are hidden"


def _policy(bands, ratio=None):
    levels = [{"code": f"L{i}", "pay_band": band} for i, band in enumerate(bands)]
    data = {"tracks": [{"code": "t", "levels": levels}], "process": {"quotas": {}}}
    if ratio is not None:
        data["process"]["pay_rule"] = {"min_ratio": ratio, "effective": "first_day_of_next_month"}
    return data


def test_bands_and_the_pay_ratio_are_hidden_and_the_rest_kept():
    data = yaml.safe_load(WEB_POLICY)
    data["process"]["pay_rule"] = {"min_ratio": 1.07, "effective": "first_day_of_next_month"}
    out = redact_pay(data)
    levels = out["tracks"][0]["levels"]
    assert [lv.get("pay_band") for lv in levels] == [HIDDEN, HIDDEN, None]
    assert out["process"]["pay_rule"] == {"min_ratio": HIDDEN, "effective": "first_day_of_next_month"}
    assert out["transitions"] == data["transitions"] and out["competencies"] == data["competencies"]
    assert data["tracks"][0]["levels"][0]["pay_band"] == {"min": 4321, "max": 6789}  # the input is untouched


def test_text_without_pay_is_returned_as_stored():
    text = "# a comment\nname: x\ntracks: [{code: t, levels: [{code: L1}]}]\n"
    assert redact_pay_text(text, note=NOTE) == (text, False)


def test_text_with_pay_loses_its_comments_and_gains_the_note():
    text = WEB_POLICY.replace("schema_version: 1", "# bands agreed at 4321 and 6789\nschema_version: 1")
    out, hidden = redact_pay_text(text, note=NOTE)
    assert hidden and out.startswith(f"# {NOTE}\n")
    for figure in ("4321", "6789", "5432", "8765"):
        assert figure not in out
    assert yaml.safe_load(out)["process"]["quotas"] == {"L2": 3}


def test_unreadable_text_is_never_echoed():
    out, hidden = redact_pay_text("a: [4321", note=NOTE)
    assert hidden and "4321" not in out


def test_odd_shapes_are_left_alone():
    for data in (
        None,
        [],
        "x",
        {"tracks": "nope"},
        {"tracks": [None, {"levels": [None, 3]}]},
        {"process": 1},
    ):
        assert redact_pay(data) == data
        assert not has_pay(data)


figures = st.integers(min_value=1000, max_value=99999)


@given(
    st.lists(st.tuples(figures, figures), min_size=1, max_size=5),
    st.none() | st.decimals("1.01", "2.99", places=2),
)
def test_no_band_figure_or_ratio_survives(bands, ratio):
    data = _policy([{"min": a, "max": b, "currency": "CNY"} for a, b in bands], ratio)
    text = yaml.safe_dump(
        data if ratio is None else {**data, "process": {"pay_rule": {"min_ratio": str(ratio)}}}
    )
    out, hidden = redact_pay_text(text, note=NOTE)
    assert hidden and has_pay(yaml.safe_load(text))
    for a, b in bands:
        assert str(a) not in out and str(b) not in out
    if ratio is not None:
        assert str(ratio) not in out
    assert not has_pay(yaml.safe_load(out)) or yaml.safe_load(out) == redact_pay(yaml.safe_load(out))

"""The shipped mapping presets for three common export shapes: an ACD's call detail records, a helpdesk's
ticket export and a live-chat platform's conversation export. Each test writes a small file in that shape
(three agents of the test org, two months) and imports it by the preset's name through the service; the
expected figures are worked out by hand from the rows, in the comments beside them."""

import datetime as dt

import openpyxl
import pytest

from serviceladder.metrics.interactions.definitions import METRIC_COLUMNS
from serviceladder.metrics.interactions.mapping import shipped_mappings
from serviceladder.metrics.services import interactions_import
from serviceladder.web.views.imports import MAPPING_DESCRIPTIONS
from tests.factories import EmployeeFactory
from tests.interactions.conftest import assert_figures_equal, figures, write_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_agents(agents):
    """王芳 (E001) and 李雷 (E002) from the test org, and 张伟 (E003)."""
    return {**agents, "E003": EmployeeFactory(number="E003", name="张伟")}


def _expect(**given) -> dict:
    """Every figure: the given ones, the rest "not available" (None)."""
    assert set(given) <= set(METRIC_COLUMNS)
    return {name: given.get(name) for name in METRIC_COLUMNS}


# --- ACD call detail records ----------------------------------------------------------------------------

# As an ACD writes it. Call 9002 has two segments: E001 transfers it to E002. 9105 comes from 9101's caller
# 8 days later, outside the 7-day FCR window.
ACD_HEADER = "Call ID,Segment,Start Time,Queue,Agent Login ID,ANI,DNIS,Disposition,"
ACD_HEADER += "Queue Time,Ring Time,Talk Time,Hold Time,Wrap Time\n"
ACD_CSV = (
    ACD_HEADER
    + """\
9001,1,2026-01-05 09:00:00,Billing,E001,13800000001,4008001000,ANSWERED,30,5,300,0,60
9002,1,2026-01-06 10:00:00,Billing,E001,13800000002,4008001000,TRANSFERRED,20,8,120,30,0
9002,2,2026-01-06 10:02:30,Billing,E002,13800000002,4008001000,ANSWERED,0,4,200,0,40
9003,1,2026-01-08 11:00:00,Support,E001,anonymous,4008001001,ANSWERED,15,3,240,60,30
9004,1,2026-01-09 12:00:00,Support,E001,0,4008001001,ABANDONED,45,12,0,0,0
9005,1,2026-01-12 09:30:00,Billing,E002,13800000003,4008001000,ANSWERED,10,6,180,0,20
9006,1,2026-01-15 14:00:00,Billing,E002,13800000003,4008001000,ANSWERED,25,7,420,45,75
9007,1,2026-01-20 16:00:00,Support,E002,13800000004,4008001001,RONA,60,20,0,0,0
9101,1,2026-02-02 09:00:00,Billing,E001,13800000001,4008001000,ANSWERED,5,2,600,120,90
9102,1,2026-02-03 10:00:00,Support,E003,13800000005,4008001001,CONFERENCED,40,9,500,100,0
9103,1,2026-02-05 11:00:00,Support,E003,13800000005,4008001001,ANSWERED,12,5,100,0,20
9104,1,2026-02-06 15:00:00,Billing,E001,13800000006,4008001000,ANSWERED,8,3,200,0,40
9105,1,2026-02-10 09:00:00,Billing,E001,13800000001,4008001000,ANSWERED,3,4,150,0,30
9106,1,2026-02-12 13:00:00,Support,E003,Unknown,4008001001,ABANDONED,90,15,0,0,0
"""
)


def test_acd_call_detail_records(three_agents, hr, tmp_path):
    path = tmp_path / "cdr.csv"
    path.write_text(ACD_CSV, encoding="utf-8")
    report = interactions_import(actor=hr, path=path, mapping="acd-calls")
    # Call ID + segment keeps both legs of call 9002; ABANDONED and RONA are unanswered.
    assert (report.rows_read, report.imported, report.duplicates) == (14, 14, 0)
    assert report.unanswered == 3
    assert report.no_customer_id == 1  # 9003 "anonymous" (the unanswered 0 and Unknown are not counted)
    assert_figures_equal(
        figures(),
        {
            # 9001 (300+0+60), 9002-1 (120+30+0), 9003 (240+60+30) answered; 9004 abandoned.
            # Resolved: 9001 yes, 9002-1 no (transferred), 9003 yes. No caller repeats within 7 days
            # (9003 is anonymous: FCR follows resolved). Ring 5, 8, 3.
            ("E001", "2026-01"): _expect(
                contacts=3,
                csat_rated=0,  # nothing rated in a call record
                unanswered=1,
                aht_seconds=(360 + 150 + 330) / 3,
                acw_seconds=(60 + 0 + 30) / 3,  # Wrap Time
                resolution_rate=2 / 3,
                fcr_rate=2 / 3,
                first_response_seconds_mean=(5 + 8 + 3) / 3,
                on_time_response_rate=1.0,
            ),
            # 9002-2 (200+0+40), 9005 (180+0+20), 9006 (420+45+75) answered, all resolved; 9007 RONA.
            # 13800000003 calls again 3 days after 9005: 9005 is not a first-contact resolution. Ring 4, 6, 7.
            ("E002", "2026-01"): _expect(
                contacts=3,
                csat_rated=0,  # nothing rated in a call record
                unanswered=1,
                aht_seconds=(240 + 200 + 540) / 3,
                acw_seconds=(40 + 20 + 75) / 3,
                resolution_rate=1.0,
                fcr_rate=2 / 3,
                first_response_seconds_mean=(4 + 6 + 7) / 3,
                on_time_response_rate=1.0,
            ),
            # 9101 (600+120+90), 9104 (200+0+40), 9105 (150+0+30), all resolved; 9105 is 8 days after 9101.
            ("E001", "2026-02"): _expect(
                contacts=3,
                csat_rated=0,  # nothing rated in a call record
                unanswered=0,
                aht_seconds=(810 + 240 + 180) / 3,
                acw_seconds=(90 + 40 + 30) / 3,
                resolution_rate=1.0,
                fcr_rate=1.0,
                first_response_seconds_mean=(2 + 3 + 4) / 3,
                on_time_response_rate=1.0,
            ),
            # 9102 conferenced (500+100+0) and 9103 (100+0+20), both resolved, 9103 repeats 9102's caller
            # two days later; 9106 abandoned.
            ("E003", "2026-02"): _expect(
                contacts=2,
                csat_rated=0,  # nothing rated in a call record
                unanswered=1,
                aht_seconds=(600 + 120) / 2,
                acw_seconds=(0 + 20) / 2,
                resolution_rate=1.0,
                fcr_rate=1 / 2,
                first_response_seconds_mean=(9 + 5) / 2,
                on_time_response_rate=1.0,
            ),
        },
    )


# --- helpdesk ticket export (XLSX, as a helpdesk's "export to Excel" gives it) -----------------------------

TICKET_HEADER = [
    "Ticket ID", "Subject", "Status", "Priority", "Channel", "Requester", "Requester email", "Assignee",
    "Group", "Created at", "Solved at", "First reply time in minutes", "Satisfaction", "Tags",
]  # fmt: skip


def _ticket(tid, status, channel, email, assignee, created, first_reply, rating, tags=""):
    solved = created + dt.timedelta(hours=5) if status in ("solved", "closed") else None
    return [
        tid, f"Question {tid}", status, "normal", channel, email.split("@")[0], email, assignee,
        "Support", created, solved, first_reply, rating, tags,
    ]  # fmt: skip


TICKETS = [
    # January
    _ticket(50001, "solved", "email", "a@example.com", "王芳", dt.datetime(2026, 1, 5, 9, 12), 30, "good"),
    _ticket(50002, "closed", "web", "b@example.com", "王芳", dt.datetime(2026, 1, 7, 14, 0), 90, "bad"),
    _ticket(50003, "solved", "email", "a@example.com", " 李雷", dt.datetime(2026, 1, 9, 10, 0), 15, None),
    _ticket(
        50004, "pending", "email", "c@example.com", "王芳", dt.datetime(2026, 1, 20, 11, 0), 240, "offered"
    ),
    _ticket(50005, "solved", "chat", "d@example.com", "李雷", dt.datetime(2026, 1, 28, 16, 30), 5, "Good"),
    _ticket(
        50006, "open", "web", "e@example.com", "李雷", dt.datetime(2026, 1, 30, 17, 0), None, "unoffered"
    ),
    # February
    _ticket(50007, "solved", "email", "d@example.com", "李雷", dt.datetime(2026, 2, 2, 9, 0), 60, "good"),
    _ticket(50008, "closed", "email", "f@example.com", "王芳", dt.datetime(2026, 2, 3, 10, 0), 20, "good"),
    _ticket(
        50009, "hold", "web", "g@example.com", "王芳", dt.datetime(2026, 2, 10, 12, 0), 45, "bad", "complaint"
    ),
    _ticket(50010, "solved", "email", "h@example.com", "王芳", dt.datetime(2026, 2, 14, 8, 0), 10, "good"),
    _ticket(50011, "solved", "api", "i@example.com", "李雷", dt.datetime(2026, 2, 20, 13, 0), 120, "bad"),
    _ticket(50012, "closed", "email", "f@example.com", "王芳", dt.datetime(2026, 2, 27, 15, 0), 35, None),
]


def test_helpdesk_ticket_export(agents, hr, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tickets"
    ws.append(TICKET_HEADER)
    for row in TICKETS:
        ws.append(row)
    path = tmp_path / "tickets.xlsx"
    wb.save(path)
    report = interactions_import(actor=hr, path=path, mapping="helpdesk-tickets")
    assert (report.rows_read, report.imported, report.unanswered) == (12, 12, 0)
    minute = 60.0
    assert_figures_equal(
        figures(),
        {
            # 50001 solved, 50002 closed, 50004 pending. 50001's requester writes again 4 days later (50003):
            # only 50002 counts as a first-contact resolution. Good (5), bad (1), offered (unrated).
            # First replies 30, 90, 240 minutes. No handle time in a ticket export.
            ("E001", "2026-01"): _expect(
                contacts=3,
                unanswered=0,
                resolution_rate=2 / 3,
                fcr_rate=1 / 3,
                csat_mean=3.0,
                csat_rated=2,
                csat_top2_share=0.5,
                first_response_seconds_mean=(30 + 90 + 240) / 3 * minute,
                on_time_response_rate=0.0,
            ),
            # 50003 solved, 50005 solved, 50006 open (no reply yet: out of the response figures).
            # 50005's requester comes back on 2 February (50007), within 7 days: not FCR.
            ("E002", "2026-01"): _expect(
                contacts=3,
                unanswered=0,
                resolution_rate=2 / 3,
                fcr_rate=1 / 3,
                csat_mean=5.0,
                csat_rated=1,
                csat_top2_share=1.0,
                first_response_seconds_mean=(15 + 5) / 2 * minute,
                on_time_response_rate=0.0,
            ),
            # 50008 closed, 50009 on hold, 50010 solved, 50012 closed (24 days after 50008's requester).
            ("E001", "2026-02"): _expect(
                contacts=4,
                unanswered=0,
                resolution_rate=3 / 4,
                fcr_rate=3 / 4,
                csat_mean=(5 + 1 + 5) / 3,
                csat_rated=3,
                csat_top2_share=2 / 3,
                first_response_seconds_mean=(20 + 45 + 10 + 35) / 4 * minute,
                on_time_response_rate=0.0,
            ),
            ("E002", "2026-02"): _expect(
                contacts=2,
                unanswered=0,
                resolution_rate=1.0,
                fcr_rate=1.0,
                csat_mean=3.0,
                csat_rated=2,
                csat_top2_share=0.5,
                first_response_seconds_mean=(60 + 120) / 2 * minute,
                on_time_response_rate=0.0,
            ),
        },
    )


# --- live-chat conversation export ------------------------------------------------------------------------

CHAT_HEADER = [
    "Conversation ID", "Agent", "Visitor ID", "Department", "Start Time", "Status", "First Response (s)",
    "Duration", "Rating", "Resolved",
]  # fmt: skip
CHATS = [
    # January
    ["conv_a1", "王芳", "v-1", "Sales", "2026-01-05 09:03:11", "served", "14", "12:40", "5", "Yes"],
    ["conv_a2", "王芳", "v-2", "Sales", "2026-01-05 10:00:00", "served", "75", "5:20", "Great", "No"],
    ["conv_a3", "王芳", "v-1", "Sales", "2026-01-09 15:00:00", "served", "20", "8:00", "", "Yes"],
    ["conv_a4", "李雷", "v-3", "Support", "2026-01-12 11:00:00", "missed", "", "0:00", "", "No"],
    ["conv_a5", "李雷", "-", "Support", "2026-01-13 11:30:00", "served", "30", "1:05:10", "Terrible", "Yes"],
    ["conv_a6", "李雷", "v-4", "Support", "2026-01-31 23:50:00", "served", "10", "9:30", "not rated", "No"],
    # February
    ["conv_b1", "张伟", "v-5", "Sales", "2026-02-01 08:00:00", "served", "40", "15:00", "4", "Yes"],
    ["conv_b2", "张伟", "v-6", "Sales", "2026-02-02 09:00:00", "Served", "90", "3:30", "OK", "Yes"],
    ["conv_b3", "王芳", "v-7", "Sales", "2026-02-03 10:00:00", "served", "5", "10:00", "amazing", "Yes"],
    # v-6 again exactly 7 days after conv_b2: inside the window (it is inclusive)
    ["conv_b4", "张伟", "v-6", "Sales", "2026-02-09 09:00:00", "served", "25", "6:00", "2", "Yes"],
    ["conv_b5", "王芳", "v-8", "Support", "2026-02-10 14:00:00", "missed", "", "", "", ""],
    ["conv_b6", "王芳", "v-7", "Support", "2026-02-20 14:00:00", "served", "50", "4:00", "5", "No"],
]


def test_chat_conversation_export(three_agents, hr, tmp_path):
    path = write_rows(tmp_path / "chats.csv", CHAT_HEADER, CHATS)
    report = interactions_import(actor=hr, path=path, mapping="chat-conversations")
    assert (report.rows_read, report.imported, report.unanswered, report.no_customer_id) == (12, 12, 2, 1)
    assert_figures_equal(
        figures(),
        {
            # 12:40, 5:20, 8:00 = 760, 320, 480 s. Resolved yes, no, yes; v-1 comes back 4 days after
            # conv_a1: only conv_a3 is FCR. Rated 5 and Great (4); first responses 14, 75, 20 s.
            ("E001", "2026-01"): _expect(
                contacts=3,
                unanswered=0,
                aht_seconds=(760 + 320 + 480) / 3,
                acw_seconds=0.0,  # the preset maps after-call work as the constant 0
                resolution_rate=2 / 3,
                fcr_rate=1 / 3,
                csat_mean=4.5,
                csat_rated=2,
                csat_top2_share=1.0,
                first_response_seconds_mean=(14 + 75 + 20) / 3,
                on_time_response_rate=2 / 3,
            ),
            # conv_a4 missed. conv_a5 1:05:10 = 3910 s, resolved, visitor "-" (FCR follows resolved),
            # Terrible = 1; conv_a6 9:30 = 570 s, not resolved, not rated.
            ("E002", "2026-01"): _expect(
                contacts=2,
                unanswered=1,
                aht_seconds=(3910 + 570) / 2,
                acw_seconds=0.0,  # the preset maps after-call work as the constant 0
                resolution_rate=0.5,
                fcr_rate=0.5,
                csat_mean=1.0,
                csat_rated=1,
                csat_top2_share=0.0,
                first_response_seconds_mean=(30 + 10) / 2,
                on_time_response_rate=1.0,
            ),
            # conv_b3 10:00 resolved, amazing (5); conv_b6 4:00 not resolved, 5; conv_b5 missed.
            ("E001", "2026-02"): _expect(
                contacts=2,
                unanswered=1,
                aht_seconds=(600 + 240) / 2,
                acw_seconds=0.0,  # the preset maps after-call work as the constant 0
                resolution_rate=0.5,
                fcr_rate=0.5,
                csat_mean=5.0,
                csat_rated=2,
                csat_top2_share=1.0,
                first_response_seconds_mean=(5 + 50) / 2,
                on_time_response_rate=1.0,
            ),
            # 15:00, 3:30, 6:00 = 900, 210, 360 s, all resolved; conv_b2 repeated within 7 days.
            # Rated 4, OK (3), 2; first responses 40, 90, 25 s (90 is over the 60 s SLA).
            ("E003", "2026-02"): _expect(
                contacts=3,
                unanswered=0,
                aht_seconds=(900 + 210 + 360) / 3,
                acw_seconds=0.0,  # the preset maps after-call work as the constant 0
                resolution_rate=1.0,
                fcr_rate=2 / 3,
                csat_mean=(4 + 3 + 2) / 3,
                csat_rated=3,
                csat_top2_share=1 / 3,
                first_response_seconds_mean=(40 + 90 + 25) / 3,
                on_time_response_rate=2 / 3,
            ),
        },
    )


# --- queues: contacts no agent took ---------------------------------------------------------------------


def _queues() -> dict[tuple[str, str], tuple]:
    from serviceladder.metrics.models import QueueMonthlyFigure

    return {
        (q.queue, q.month): (q.offered, q.answered, q.abandoned, q.unassigned)
        for q in QueueMonthlyFigure.objects.all()
    }


def test_acd_calls_abandoned_in_the_queue_count_for_their_queue(three_agents, hr, tmp_path):
    # Before any agent: no login id, or the ACD's pseudo agent. Neither rejects the file.
    path = tmp_path / "cdr.csv"
    path.write_text(
        ACD_CSV
        + "9008,1,2026-01-21 08:00:00,Billing,,13800000007,4008001000,ABANDONED,95,0,0,0,0\n"
        + "9009,1,2026-01-21 08:05:00,Support,NO_SERVER,0,4008001001,ABANDONED,30,0,0,0,0\n",
        encoding="utf-8",
    )
    report = interactions_import(actor=hr, path=path, mapping="acd-calls")
    assert (report.rows_read, report.imported, report.unmatched) == (16, 16, {})
    assert report.unanswered == 5
    # January: Billing 9001, 9002-1, 9002-2, 9005, 9006 answered, 9008 abandoned without an agent;
    # Support 9003 answered, 9004 abandoned (E001), 9007 RONA (E002), 9009 abandoned without an agent.
    assert _queues() == {
        ("Billing", "2026-01"): (6, 5, 1, 1),
        ("Support", "2026-01"): (4, 1, 3, 1),
        ("Billing", "2026-02"): (3, 3, 0, 0),
        ("Support", "2026-02"): (3, 2, 1, 0),
    }
    # The agents' figures are those of the file without the two queue calls.
    assert figures()[("E002", "2026-01")]["unanswered"] == 1


def test_chat_and_ticket_presets_read_the_queue(three_agents, hr, tmp_path):
    chats = [*CHATS, ["conv_q1", "", "v-99", "Sales", "2026-01-22 10:00:00", "missed", "", "0:00", "", "No"]]
    interactions_import(
        actor=hr, path=write_rows(tmp_path / "c.csv", CHAT_HEADER, chats), mapping="chat-conversations"
    )
    chat_queues = _queues()
    assert {q for q, _m in chat_queues} == {row[3] for row in chats}
    assert sum(v[3] for v in chat_queues.values()) == 1  # conv_q1: missed, nobody's

    wb = openpyxl.Workbook()
    wb.active.append(TICKET_HEADER)
    for row in TICKETS:
        wb.active.append(row)
    wb.save(tmp_path / "t.xlsx")
    interactions_import(actor=hr, path=tmp_path / "t.xlsx", mapping="helpdesk-tickets")
    # The tickets' Group (Support, six tickets a month) joins the chats of the Support department.
    after = _queues()
    assert set(after) == set(chat_queues)
    assert {k: after[k][0] - chat_queues[k][0] for k in after} == {
        ("Sales", "2026-01"): 0,
        ("Sales", "2026-02"): 0,
        ("Support", "2026-01"): 6,
        ("Support", "2026-02"): 6,
    }


# --- where the presets are offered ------------------------------------------------------------------------

PRESETS = ("acd-calls", "helpdesk-tickets", "chat-conversations")


def test_the_command_help_lists_each_shipped_mapping_with_its_purpose(capsys):
    from serviceladder.cli.main import main

    with pytest.raises(SystemExit):
        main(["import", "interactions", "--help"])
    out = capsys.readouterr().out
    listed = out.split("shipped mappings (--mapping NAME):")[1]
    for name, description in shipped_mappings().items():
        assert description
        assert f"  {name}" in listed and description in listed
    assert all(name in shipped_mappings() for name in PRESETS)


def test_the_imports_page_translates_every_shipped_description():
    """The page shows the descriptions in the user's language: one translatable text per shipped mapping,
    the same English as the file's own description (which the command line prints)."""
    assert {name: str(text) for name, text in MAPPING_DESCRIPTIONS.items()} == shipped_mappings()

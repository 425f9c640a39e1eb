"""Maintenance, announcements, pages and commitments: validation, state machines, pages."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from lxml import html as lhtml

from generator.content.load import load_content
from generator.content.models import Commitment, Content, Maintenance, MaintenanceUpdate
from generator.content.rendering import Renderer
from generator.content.vocab import CommitmentStatus
from generator.content.vocab import ComponentStatus as CS
from generator.content.vocab import MaintenanceStatus as MS
from generator.errors import ContentErrors
from generator.facts import derive
from generator.facts.cadence import warnings
from generator.outputs.ical import calendar
from generator.words import ENGLISH

from .conftest import FIXTURES
from .helpers.incident_models import PORTAL, incident, update

START = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
END = START + timedelta(hours=2)


def window(*updates: MaintenanceUpdate, components=("api",)) -> Maintenance:
    numbered = tuple(MaintenanceUpdate(u.at, u.status, u.text, n) for n, u in enumerate(updates, 1))
    return Maintenance(
        "db-upgrade",
        "Database upgrade",
        START - timedelta(days=5),
        START,
        END,
        components,
        numbered,
        source="content/maintenance/db-upgrade.md",
        line=4,
    )


def mupdate(at: datetime, status: str) -> MaintenanceUpdate:
    return MaintenanceUpdate(at, MS(status), "text")


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (START - timedelta(seconds=1), MS.SCHEDULED),
        (START, MS.IN_PROGRESS),  # exactly at the start it has begun
        (END - timedelta(seconds=1), MS.IN_PROGRESS),
        (END, MS.COMPLETED),  # exactly at the end it is over
    ],
)
def test_maintenance_follows_the_clock_at_its_boundaries(now, state):
    assert derive.maintenance_state(window(), now) is state


def test_the_same_instant_in_another_zone_is_the_same_state():
    berlin = START.astimezone(ZoneInfo("Europe/Berlin")) - timedelta(seconds=1)
    assert derive.maintenance_state(window(), berlin) is MS.SCHEDULED


def test_updates_override_the_clock():
    early = window(mupdate(START + timedelta(minutes=30), "completed"))
    assert derive.maintenance_state(early, START + timedelta(minutes=45)) is MS.COMPLETED
    cancelled = window(mupdate(START - timedelta(days=1), "cancelled"))
    assert derive.maintenance_state(cancelled, START + timedelta(minutes=1)) is MS.CANCELLED
    overran = window(
        mupdate(START, "in_progress"), mupdate(END - timedelta(minutes=5), "verifying")
    )
    assert derive.maintenance_state(overran, END + timedelta(hours=1)) is MS.VERIFYING
    assert not derive.state_follows_clock(overran)
    started_early = window(mupdate(START - timedelta(minutes=10), "in_progress"))
    assert derive.maintenance_state(started_early, START - timedelta(minutes=5)) is MS.IN_PROGRESS


def test_under_maintenance_during_the_window_but_an_outage_wins():
    outage = incident(update(0, "investigating"), components={"dashboard": CS.MAJOR_OUTAGE})
    outage = type(outage)(
        **{
            **outage.__dict__,
            "updates": tuple(
                type(u)(START + timedelta(minutes=10), u.status, u.text, u.components, u.number)
                for u in outage.updates
            ),
        }
    )
    content = Content(PORTAL, (outage,), (window(components=("api", "dashboard")),))
    now = START + timedelta(minutes=30)
    statuses = derive.component_statuses(content, now)
    assert statuses == {
        "api": CS.UNDER_MAINTENANCE,
        "dashboard": CS.MAJOR_OUTAGE,
        "db": CS.OPERATIONAL,
    }
    quiet = Content(PORTAL, (), (window(),))
    o = derive.overall(quiet, now)
    assert (o.indicator.value, ENGLISH.banner(o)) == (
        "maintenance",
        "Maintenance in progress: Public API",
    )
    assert ENGLISH.banner(derive.overall(quiet, END)) == "All systems operational"


def test_upcoming_within_a_horizon():
    content = Content(PORTAL, (), (window(),))
    assert (
        derive.upcoming_maintenance(content, START - timedelta(days=20), within=timedelta(days=14))
        == []
    )
    assert derive.upcoming_maintenance(
        content, START - timedelta(days=10), within=timedelta(days=14)
    ) == [window()]


def test_unannounced_maintenance_is_not_shown():
    content = Content(PORTAL, (), (window(),))
    assert derive.as_of(content, START - timedelta(days=6)).maintenance == ()


def test_warnings_for_overdue_updates_and_unfinished_windows():
    open_incident = incident(update(0, "investigating"), source="content/incidents/i.md", line=7)
    content = Content(PORTAL, (open_incident,), (window(),))
    found = warnings(content, END + timedelta(minutes=10))
    assert [str(w) for w in found] == [
        "content/incidents/i.md:7: warning: next_update: the next update was promised by 20 Nov 2026, 15:30 CET "
        "and is 10 days 13 h overdue\n"
        "  hint: add an update to `updates`, even if nothing has changed, or promise a later next_update",
        "content/maintenance/db-upgrade.md:4: warning: updates: the window ended at 1 Dec 2026, 05:00 CET "
        "without a final update\n"
        "  hint: add an update with status completed (or cancelled) saying how it went",
    ]
    finished = Content(PORTAL, (), (window(mupdate(END, "completed")),))
    assert warnings(finished, END + timedelta(minutes=10)) == []


def test_promises_gather_commitments_soonest_first():
    a = incident(
        update(0, "resolved"),
        commitments=(
            Commitment("Canary", CommitmentStatus.DONE, date(2026, 12, 15), date(2026, 12, 10)),
            Commitment("Alerting", CommitmentStatus.IN_PROGRESS, date(2026, 11, 1)),
            Commitment("Someday", CommitmentStatus.PLANNED),
        ),
    )
    found = derive.promises(Content(PORTAL, (a,)))
    assert [p.commitment.title for p in found] == ["Alerting", "Canary", "Someday"]
    today = date(2026, 11, 23)
    assert [p.overdue(today) for p in found] == [True, False, False]
    assert found[0].source_id == "i" and found[0].kind == "incidents"


def test_ics_parsed_with_icalendar():
    cancelled = Maintenance(
        "cancelled",
        "Login migration",
        START - timedelta(days=9),
        START - timedelta(days=3),
        START - timedelta(days=3) + timedelta(hours=1),
        (),
        (MaintenanceUpdate(START - timedelta(days=4), MS.CANCELLED, "Called off.", 1),),
    )
    content = Content(PORTAL, (), (window(), cancelled))
    data = calendar(content, START, Renderer())
    assert calendar(content, START, Renderer()) == data
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [
        "maintenance-cancelled@status.example.com",
        "maintenance-db-upgrade@status.example.com",
    ]
    db = events[1]
    assert db.decoded("dtstart") == START and db.decoded("dtend") == END
    assert db.decoded("dtstart").tzinfo is not None and db.decoded(
        "dtstart"
    ).utcoffset() == timedelta(0)
    assert str(db["summary"]) == "Maintenance: Database upgrade (Public API)"
    assert str(db["url"]) == "https://status.example.com/maintenance/db-upgrade/"
    assert str(db["status"]) == "CONFIRMED"
    assert str(events[0]["status"]) == "CANCELLED"
    assert "Cancelled: Called off." in str(events[0]["description"])


def test_maintenance_and_announcement_validation(content):
    shutil.copy(
        FIXTURES / "maintenance_ending_before_start.md",
        _folder(content, "maintenance") / "2026-12-01-db.md",
    )
    shutil.copy(
        FIXTURES / "announcement_change_without_effective.md",
        _folder(content, "announcements") / "2026-11-01-limits.md",
    )
    shutil.copy(
        FIXTURES / "page_without_body.md", _folder(content, "pages") / "incident-handling.md"
    )
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    assert [str(p) for p in caught.value.problems] == [
        "content/announcements/2026-11-01-limits.md:1: effective: missing; a change needs 'effective', "
        "the date it takes effect",
        "content/maintenance/2026-12-01-db.md:5: end: the window ends before it starts\n"
        "  hint: end must be later than start",
        "content/maintenance/2026-12-01-db.md:6: components: unknown component 'API'\n"
        "  hint: known components: api, dashboard (ids, case-sensitive; see content/portal.yml)",
        "content/maintenance/2026-12-01-db.md:9: updates.status: expected one of scheduled, in_progress, "
        "verifying, completed, cancelled; got 'done'",
        "content/pages/incident-handling.md:3: order: expected a whole number from 1 to 1000000; got 'first'",
    ]


def test_valid_maintenance_loads(content):
    shutil.copy(
        FIXTURES / "maintenance_valid.md",
        _folder(content, "maintenance") / "2026-12-01-db-upgrade.md",
    )
    (loaded,) = load_content(content).maintenance
    assert (loaded.start, loaded.end, loaded.components) == (START, END, ("api", "dashboard"))


def _folder(content, kind):
    folder = content / kind
    folder.mkdir(exist_ok=True)
    return folder


def test_pages_of_the_example_site(example_site):
    def page(url):
        return lhtml.fromstring((example_site / url / "index.html").read_bytes())

    commitments = page("commitments")
    sections = [h.text.strip() for h in commitments.cssselect(".ob-section h2")]
    assert sections == ["In progress", "Planned", "Done", "Dropped"]
    links = commitments.cssselect(".ob-commitment__source a")
    assert links and all(
        a.get("href").startswith(("../incidents/", "../announcements/")) for a in links
    )
    maintenance = page("maintenance")
    assert [h.text for h in maintenance.cssselect(".ob-section h2")] == [
        "In progress",
        "Upcoming",
        "Past",
    ]
    nav = [a.text_content().strip() for a in page("").cssselect(".md-tabs__link")]
    assert nav == [
        "Status",
        "Incidents",
        "Maintenance",
        "Announcements",
        "Commitments",
        "Availability",
        "How we work",
        "Subscribe",
    ]


def test_ics_descriptions_are_plain_text_with_absolute_links(example_site):
    cal = icalendar.Calendar.from_ical((example_site / "feeds" / "maintenance.ics").read_bytes())
    (event,) = [e for e in cal.walk("VEVENT") if "postgres-host-patching" in str(e["uid"])]
    description = str(event["description"])
    assert (
        "8 October outage (https://status.northwind.example/incidents/2026-10-08-postgres-eu-central-outage/)"
        in description
    )
    assert "](" not in description and "**" not in description and "<" not in description
    assert (
        str(event["url"])
        == "https://status.northwind.example/maintenance/2026-11-10-postgres-host-patching-eu-central/"
    )

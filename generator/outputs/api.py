"""The Statuspage API v2 shapes, so existing clients, widgets and exporters work unchanged.

Ids are Openbook's ids (incident file names, component ids). Times are UTC with
milliseconds, as Statuspage writes them.
"""

from __future__ import annotations

import functools
import json
from datetime import datetime

from generator import urls
from generator.content.ids import slugify
from generator.content.models import Component, Content, Incident, Maintenance
from generator.content.vocab import ComponentStatus, IncidentStatus
from generator.content.vocab import MaintenanceStatus as MS
from generator.facts import Facts, derive

INCIDENT_LIMIT = 50  # incidents.json: the newest ones, as Statuspage returns
# Statuspage has no "cancelled" maintenance; its clients know only these four.
STATUSPAGE_MAINTENANCE = {
    MS.SCHEDULED: "scheduled",
    MS.IN_PROGRESS: "in_progress",
    MS.VERIFYING: "verifying",
    MS.COMPLETED: "completed",
    MS.CANCELLED: "completed",
}


def stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


class Api:
    """Builds the JSON documents of one build from content as of `now`."""

    def __init__(self, content: Content, now: datetime):
        self.content = content
        self.portal = content.portal
        self.now = now
        self.page_id = slugify(self.portal.title)
        self.statuses = derive.component_statuses(content, now)
        self.positions = self._positions()
        first = min((i.started for i in content.incidents), default=now)
        self.since = min(first, now)

    def files(self) -> dict[str, bytes]:
        open_incidents = [self.incident(i) for i in derive.open_incidents(self.content)]
        upcoming = [
            self.maintenance(m) for m in derive.upcoming_maintenance(self.content, self.now)
        ]
        active = [self.maintenance(m) for m in derive.active_maintenance(self.content, self.now)]
        documents = {
            "summary": {
                "components": self.components(),
                "incidents": open_incidents,
                "scheduled_maintenances": active + upcoming,
            },
            "status": {},
            "components": {"components": self.components()},
            "incidents": {
                "incidents": [self.incident(i) for i in self.content.incidents[:INCIDENT_LIMIT]]
            },
            "incidents/unresolved": {"incidents": open_incidents},
            "scheduled-maintenances": {
                "scheduled_maintenances": [
                    self.maintenance(m) for m in self.content.maintenance[:INCIDENT_LIMIT]
                ]
            },
            "scheduled-maintenances/upcoming": {"scheduled_maintenances": upcoming},
            "scheduled-maintenances/active": {"scheduled_maintenances": active},
        }
        out = {}
        for name, body in documents.items():
            document: dict[str, object] = {"page": self.page()}
            if name in ("summary", "status"):
                document["status"] = self.status()
            document.update(body)
            out[urls.api(name)] = (
                json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            ).encode()
        return out

    def page(self) -> dict:
        return {
            "id": self.page_id,
            "name": self.portal.title,
            "url": self.portal.url.rstrip("/"),
            "time_zone": self.portal.timezone.key,
            "updated_at": stamp(self.updated_at()),
        }

    def updated_at(self) -> datetime:
        return max((i.updates[-1].at for i in self.content.incidents), default=self.since)

    def status(self) -> dict:
        overall = derive.overall(self.content, self.now)
        return {"indicator": overall.indicator.value, "description": overall.description}

    def _positions(self) -> dict[str, int]:
        """Statuspage numbers groups and components together, in display order."""
        order: list[str] = [c.id for c in self.portal.components if c.group is None]
        for group in self.portal.groups:
            order.append("group:" + group.id)
            order += [c.id for c in self.portal.members(group.id)]
        return {key: n for n, key in enumerate(order, start=1)}

    def components(self) -> list[dict]:
        out = []
        for key, position in sorted(self.positions.items(), key=lambda kv: kv[1]):
            if key.startswith("group:"):
                out.append(self._group(key[len("group:") :], position))
            else:
                out.append(self._component(self.portal.component(key), position))
        return out

    def _common(
        self, id_: str, name: str, status: ComponentStatus, position: int, description: str | None
    ) -> dict:
        return {
            "id": id_,
            "name": name,
            "status": status.value,
            "created_at": stamp(self.since),
            "updated_at": stamp(self._changed(id_)),
            "position": position,
            "description": description,
        }

    def _changed(self, component_id: str) -> datetime:
        """When the component's status last changed: the latest update of an incident that
        touched it."""
        return self._last_changes.get(component_id, self.since)

    @functools.cached_property
    def _last_changes(self) -> dict[str, datetime]:
        found: dict[str, datetime] = {}
        for incident in self.content.incidents:
            at = incident.updates[-1].at
            for cid in derive.touched(incident, self.portal):
                found[cid] = max(found.get(cid, at), at)
        return found

    def _group(self, group_id: str, position: int) -> dict:
        members = self.portal.members(group_id)
        worst = max(
            (self.statuses[c.id] for c in members),
            key=lambda s: s.rank,
            default=ComponentStatus.OPERATIONAL,
        )
        entry = self._common(group_id, self.portal.group(group_id).name, worst, position, None)
        entry["updated_at"] = stamp(max((self._changed(c.id) for c in members), default=self.since))
        entry.update(
            showcase=False,
            start_date=None,
            group_id=None,
            page_id=self.page_id,
            group=True,
            only_show_if_degraded=False,
            components=[c.id for c in members],
        )
        return entry

    def _component(self, component: Component, position: int) -> dict:
        entry = self._common(
            component.id,
            component.name,
            self.statuses[component.id],
            position,
            component.description or None,
        )
        entry.update(
            showcase=True,
            start_date=self.since.date().isoformat(),
            group_id=component.group,
            page_id=self.page_id,
            group=False,
            only_show_if_degraded=False,
        )
        return entry

    def incident(self, incident: Incident) -> dict:
        current, ok = derive.affected(incident), ComponentStatus.OPERATIONAL
        monitoring = [u.at for u in incident.updates if u.status is IncidentStatus.MONITORING]
        return {
            "id": incident.id,
            "name": incident.title,
            "status": derive.status(incident).value,
            "impact": incident.impact.value,
            "created_at": stamp(incident.started),
            "updated_at": stamp(incident.updates[-1].at),
            "monitoring_at": stamp(monitoring[-1] if monitoring else None),
            "resolved_at": stamp(derive.resolved_at(incident)),
            "started_at": stamp(incident.started),
            "shortlink": self.portal.url + urls.incident(incident.id),
            "page_id": self.page_id,
            "components": [
                {
                    "id": cid,
                    "name": self.portal.component(cid).name,
                    "status": (current.get(cid, ok) if derive.is_open(incident) else ok).value,
                    "group_id": self.portal.component(cid).group,
                    "position": self.positions[cid],
                }
                for cid in derive.touched(incident, self.portal)
            ],
            "incident_updates": self._updates(incident),
        }

    def _updates(self, incident: Incident) -> list[dict]:
        out = []
        before: dict[str, ComponentStatus] = {}
        for update, after in zip(incident.updates, derive.affected_history(incident), strict=True):
            changed = [
                cid
                for cid in after
                if before.get(cid, ComponentStatus.OPERATIONAL) is not after[cid]
            ]
            if (
                update.status is IncidentStatus.RESOLVED
            ):  # resolving returns every component to operational
                changed = [cid for cid in after if after[cid] is not ComponentStatus.OPERATIONAL]
            affected = [
                {
                    "code": cid,
                    "name": self.portal.component(cid).name,
                    "old_status": before.get(cid, ComponentStatus.OPERATIONAL).value,
                    "new_status": (
                        ComponentStatus.OPERATIONAL
                        if update.status is IncidentStatus.RESOLVED
                        else after[cid]
                    ).value,
                }
                for cid in changed
            ]
            out.append(
                {
                    "id": f"{incident.id}-{update.number}",
                    "incident_id": incident.id,
                    "status": update.status.value,
                    "body": update.text,
                    "created_at": stamp(update.at),
                    "updated_at": stamp(update.at),
                    "display_at": stamp(update.at),
                    "deliver_notifications": True,
                    "affected_components": affected or None,
                }
            )
            before = after
        return out[::-1]

    def maintenance(self, window: Maintenance) -> dict:
        state = derive.maintenance_state(window, self.now)
        finished = None
        if state in derive.FINAL:
            finished = (
                window.updates[-1].at
                if window.updates and window.updates[-1].status in derive.FINAL
                else window.end
            )
        updates = []
        for update in window.updates:
            new = {
                MS.IN_PROGRESS: ComponentStatus.UNDER_MAINTENANCE,
                MS.VERIFYING: ComponentStatus.UNDER_MAINTENANCE,
                MS.COMPLETED: ComponentStatus.OPERATIONAL,
            }.get(update.status)
            old = (
                ComponentStatus.OPERATIONAL
                if new is ComponentStatus.UNDER_MAINTENANCE
                else ComponentStatus.UNDER_MAINTENANCE
            )
            updates.append(
                {
                    "id": f"{window.id}-{update.number}",
                    "incident_id": window.id,
                    "status": STATUSPAGE_MAINTENANCE[update.status],
                    "body": update.text,
                    "created_at": stamp(update.at),
                    "updated_at": stamp(update.at),
                    "display_at": stamp(update.at),
                    "deliver_notifications": True,
                    "affected_components": [
                        {
                            "code": cid,
                            "name": self.portal.component(cid).name,
                            "old_status": old.value,
                            "new_status": new.value,
                        }
                        for cid in window.components
                    ]
                    if new
                    else None,
                }
            )
        status = (
            ComponentStatus.UNDER_MAINTENANCE
            if state in derive.ACTIVE
            else ComponentStatus.OPERATIONAL
        )
        return {
            "id": window.id,
            "name": window.title,
            "status": STATUSPAGE_MAINTENANCE[state],
            "impact": "maintenance",
            "created_at": stamp(window.published),
            "updated_at": stamp(window.updates[-1].at if window.updates else window.published),
            "monitoring_at": None,
            "resolved_at": stamp(finished),
            "started_at": stamp(window.published),
            "scheduled_for": stamp(window.start),
            "scheduled_until": stamp(window.end),
            "shortlink": self.portal.url + urls.maintenance(window.id),
            "page_id": self.page_id,
            "components": [
                {
                    "id": cid,
                    "name": self.portal.component(cid).name,
                    "status": (self.statuses[cid] if state in derive.ACTIVE else status).value,
                    "group_id": self.portal.component(cid).group,
                    "position": self.positions[cid],
                }
                for cid in window.components
            ],
            "incident_updates": updates[::-1],
        }


def files(facts: Facts) -> dict[str, bytes]:
    return Api(facts.content, facts.now).files()

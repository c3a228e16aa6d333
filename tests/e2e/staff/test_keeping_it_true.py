"""Editors keep the directory true: proposals, edits with validation, history, reviews, triage."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import httpx
import msgspec

from services.accounts.domain import Role
from services.http.pages.staff.service_form import raw_of_service
from tests.e2e.staff.conftest import StaffSite, form


def _proposal_id(page: str) -> str:
    match = re.findall(r'href="/staff/proposals/([0-9a-f-]{36})"', page)
    assert match
    return str(match[-1])


def test_a_providers_proposal_waits_then_an_editor_approves_it_into_the_catalogue(
    staff_site: StaffSite,
) -> None:
    sid = staff_site.service_id
    catalogue = staff_site.served.runtime.catalogue
    before = catalogue.get_service(UUID(sid)).details.summary
    provider, p_csrf = staff_site.browser_for(Role.PROVIDER)
    editor, e_csrf = staff_site.browser_for(Role.EDITOR)
    with provider, editor:
        assert provider.get(f"/staff/services/{sid}/propose").status_code == 200
        sent = provider.post(
            f"/staff/services/{sid}/propose",
            data=form(p_csrf, **{**_current(staff_site, sid), "summary": "Now also on Saturdays"}),
        )
        assert sent.status_code == 303
        assert "Waiting for an editor" in provider.get("/staff/provider").text
        assert catalogue.get_service(UUID(sid)).details.summary == before  # not yet

        triage = editor.get("/staff/editor").text
        pid = _proposal_id(triage)
        diff = editor.get(f"/staff/proposals/{pid}").text
        assert before in diff and "Now also on Saturdays" in diff
        refused = editor.post(f"/staff/proposals/{pid}/reject", data=form(e_csrf, reason=""))
        assert refused.status_code == 400 and "There is a problem" in refused.text
        approved = editor.post(f"/staff/proposals/{pid}/approve", data=form(e_csrf))
        assert approved.status_code == 303

        assert catalogue.get_service(UUID(sid)).details.summary == "Now also on Saturdays"
        assert catalogue.service_history(UUID(sid))[-1].actor == "editor@example.org"
        assert "Approved" in provider.get("/staff/provider").text
        staff_site.served.caught_up()
        public = httpx.get(f"{staff_site.url}/api/services/{sid}").json()
        assert public["summary"] == "Now also on Saturdays"


def test_a_rejected_proposal_shows_the_provider_the_reason(staff_site: StaffSite) -> None:
    sid = staff_site.service_id
    provider, p_csrf = staff_site.browser_for(Role.PROVIDER)
    editor, e_csrf = staff_site.browser_for(Role.EDITOR)
    with provider, editor:
        provider.post(
            f"/staff/services/{sid}/propose",
            data=form(p_csrf, **{**_current(staff_site, sid), "alert": "Closed for ever"}),
        )
        pid = _proposal_id(editor.get("/staff/editor").text)
        reason = "Please phone us: we think this is a mistake"
        assert (
            editor.post(f"/staff/proposals/{pid}/reject", data=form(e_csrf, reason=reason))
        ).status_code == 303
        assert reason in provider.get("/staff/provider").text


def _another_organisations_service(site: StaffSite) -> str:
    index = site.served.runtime.index
    hits = httpx.get(f"{site.url}/api/search", params={"per_page": 100}).json()["hits"]
    return next(
        str(h["id"])
        for h in hits
        if (index.get("public", h["id"]) or {}).get("organisation_id") != str(site.organisation_id)
    )


def test_a_provider_cannot_propose_changes_to_another_organisations_service(
    staff_site: StaffSite,
) -> None:
    other = _another_organisations_service(staff_site)
    provider, csrf = staff_site.browser_for(Role.PROVIDER)
    with provider:
        response = provider.post(
            f"/staff/services/{other}/propose",
            data=form(csrf, **{**_current(staff_site, other), "summary": "Ours now"}),
        )
    assert response.status_code == 403


def test_a_provider_cannot_read_another_organisations_staff_only_fields_through_the_form(
    staff_site: StaffSite,
) -> None:
    other = _another_organisations_service(staff_site)
    catalogue = staff_site.served.runtime.catalogue
    version = catalogue.get_service(UUID(other)).version
    secret = "Only for referrals from the locality team"
    catalogue.update_service(
        UUID(other),
        msgspec.structs.replace(catalogue.get_service(UUID(other)).details, thresholds=secret),
        actor="test",
        expected_version=version,
    )
    provider, _ = staff_site.browser_for(Role.PROVIDER)
    with provider:
        response = provider.get(f"/staff/services/{other}/propose")
        assert response.status_code == 403 and secret not in response.text
        own = provider.get(f"/staff/services/{staff_site.service_id}/propose")
        assert own.status_code == 200


def test_an_editor_form_shows_an_error_summary_and_a_stale_save_gets_409(
    staff_site: StaffSite,
) -> None:
    sid = staff_site.service_id
    editor, csrf = staff_site.browser_for(Role.EDITOR)
    version = staff_site.served.runtime.catalogue.get_service(UUID(sid)).version
    with editor:
        values = _current(staff_site, sid)
        empty = editor.post(
            f"/staff/services/{sid}/edit",
            data=form(csrf, **{**values, "name": ""}, expected_version=version),
        )
        assert empty.status_code == 400
        assert 'class="govuk-error-summary"' in empty.text and "Enter the service" in empty.text
        saved = editor.post(
            f"/staff/services/{sid}/edit",
            data=form(
                csrf, **{**values, "waiting_time": "About 6 weeks"}, expected_version=version
            ),
        )
        assert saved.status_code == 303
        stale = editor.post(
            f"/staff/services/{sid}/edit",
            data=form(csrf, **{**values, "waiting_time": "2 weeks"}, expected_version=version),
        )
        assert stale.status_code == 409 and "Changed while you were editing" in stale.text
        assert "About 6 weeks" in stale.text and 'value="2 weeks"' in stale.text

        history = editor.get(f"/staff/services/{sid}/history").text
        assert "Waiting time (staff only)" in history and "About 6 weeks" in history
        assert "by editor@example.org" in history
        moments = re.findall(r'\?as_of=([^"]+)">View as it was after this change', history)
        oldest = editor.get(f"/staff/services/{sid}?as_of={moments[-1]}").text
        assert "As it was on" in oldest and "About 6 weeks" not in oldest
        assert "About 6 weeks" in editor.get(f"/staff/services/{sid}").text


def test_a_family_problem_report_lands_in_triage_until_dealt_with(staff_site: StaffSite) -> None:
    sid = staff_site.service_id
    httpx.post(
        f"{staff_site.url}/services/{sid}/report",
        data={"kind": "wrong_details", "details": "The phone number rings out"},
    )
    staff_site.served.caught_up()
    editor, csrf = staff_site.browser_for(Role.EDITOR)
    with editor:
        triage = editor.get("/staff/editor").text
        assert "The phone number rings out" in triage
        rid = re.search(r'href="/staff/problems/([0-9a-f-]{36})"', triage)
        assert rid
        resolve = f"/staff/problems/{rid.group(1)}/resolve"
        unsaid = editor.post(resolve, data=form(csrf, outcome="no_change"))
        assert unsaid.status_code == 400 and 'href="#note"' in unsaid.text
        note = "Phoned them: the number is right, the line was down"
        done = editor.post(resolve, data=form(csrf, outcome="no_change", note=note))
        assert done.is_redirect
        after = editor.get("/staff/editor").text
        open_list = after.split('id="resolved"')[0]
        assert "The phone number rings out" not in open_list
        assert note in after.split('id="resolved"')[1]  # the resolved history keeps the note


def test_verifying_a_service_records_who_and_takes_it_off_the_review_queue(
    staff_site: StaffSite,
) -> None:
    editor, csrf = staff_site.browser_for(Role.EDITOR)
    with editor:
        triage = editor.get("/staff/editor").text
        due = re.findall(r'action="/staff/services/([0-9a-f-]{36})/verify"', triage)
        assert due, "the demo data has services last checked over 90 days ago"
        assert "Needs review: not checked for 90 days" in triage
        assert editor.post(f"/staff/services/{due[0]}/verify", data=form(csrf)).is_redirect
        verification = staff_site.served.runtime.catalogue.get_service(UUID(due[0])).verification
        assert verification is not None and verification.by == "editor@example.org"
        assert f"/staff/services/{due[0]}/verify" not in editor.get("/staff/editor").text


def _current(site: StaffSite, sid: str) -> dict[str, Any]:
    """Every input of the service's form as the form shows it (what a browser posts back)."""
    service = site.served.runtime.catalogue.get_service(UUID(sid))
    return {k: v[0] if len(v) == 1 else v for k, v in raw_of_service(service).items()}


def test_a_staff_member_saves_a_search_and_finds_it_again(staff_site: StaffSite) -> None:
    staff, csrf = staff_site.browser_for(Role.STAFF)
    query = "q=counselling&postcode=E15&referral_route=school"
    with staff:
        saved = staff.post(
            "/staff/searches", data=form(csrf, name="School referrals, E15", query=query)
        )
        assert saved.status_code == 303 and saved.headers["location"].endswith(query)
        page = staff.get("/staff/search").text
        assert "School referrals, E15" in page and query.replace("&", "&amp;") in page
        staff.post("/staff/searches/forget", data=form(csrf, name="School referrals, E15"))
        assert "School referrals, E15" not in staff.get("/staff/search").text


def test_an_editor_sets_the_ways_in_and_cost_that_staff_search_filters_on(
    staff_site: StaffSite,
) -> None:
    sid = staff_site.throwaway_service_id
    catalogue = staff_site.served.runtime.catalogue
    editor, csrf = staff_site.browser_for(Role.EDITOR)
    with editor:
        service = catalogue.get_service(UUID(sid))
        data = {
            **form(csrf, **_current(staff_site, sid), expected_version=service.version),
            "referral_routes": ["gp"],
            "free": "no",
            "cost_description": "",
        }
        missing = editor.post(f"/staff/services/{sid}/edit", data=data)
        assert missing.status_code == 400 and "Say what it costs" in missing.text
        data["cost_description"] = "£10 a session"
        assert editor.post(f"/staff/services/{sid}/edit", data=data).status_code == 303
    details = catalogue.get_service(UUID(sid)).details
    assert [r.value for r in details.referral_routes] == ["gp"]
    assert not details.cost.free and details.cost.description == "£10 a session"
    staff_site.served.caught_up()
    token = {"Authorization": f"Bearer {staff_site.token(Role.STAFF)}"}
    found = httpx.get(
        f"{staff_site.url}/api/search",
        params={"q": details.name, "referral_route": "gp", "per_page": 100},
        headers=token,
    ).json()
    assert sid in [h["id"] for h in found["hits"]]


def test_an_editor_sets_ages_delivery_and_categories_and_bad_ages_are_named(
    staff_site: StaffSite,
) -> None:
    sid = staff_site.throwaway_service_id
    editor, csrf = staff_site.browser_for(Role.EDITOR)
    catalogue = staff_site.served.runtime.catalogue
    version = catalogue.get_service(UUID(sid)).version
    with editor:
        page = editor.get(f"/staff/services/{sid}/edit").text
        assert 'name="min_age"' in page and 'value="mental-health.counselling"' in page
        values = {**_current(staff_site, sid), "profile": "1"}
        bad = editor.post(
            f"/staff/services/{sid}/edit",
            data=form(
                csrf, **{**values, "min_age": "12", "max_age": "5"}, expected_version=version
            ),
        )
        assert bad.status_code == 400
        assert 'href="#max_age"' in bad.text and "the same as or more than the youngest" in bad.text
        saved = editor.post(
            f"/staff/services/{sid}/edit",
            data=form(
                csrf,
                **{
                    **values,
                    "min_age": "5",
                    "max_age": "11",
                    "delivery": ["online", "phone"],
                    "categories": ["mental-health.counselling", "parenting.parenting-courses"],
                },
                expected_version=version,
            ),
        )
        assert saved.status_code == 303, saved.text[:2000]
    service = catalogue.get_service(UUID(sid))
    assert service.details.ages is not None
    assert (service.details.ages.minimum_months, service.details.ages.maximum_months) == (60, 143)
    assert [d.value for d in service.details.delivery] == ["online", "phone"]
    assert sorted(service.categories) == [
        "mental-health.counselling",
        "parenting.parenting-courses",
    ]

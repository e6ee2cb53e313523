"""Role policy: which role opens which page and sees which layer."""

from __future__ import annotations

import pytest

from dashboard.services.access import (
    LAYERS,
    PAGE_IDS,
    PAGE_ROLES,
    RESTRICTED_LAYERS,
    can_view,
    effective_role,
    needs_suppression,
    pages_for,
    visible_layers,
)

PUBLIC = ["peta", "kecamatan", "tren", "rapat", "petunjuk"]
OFFICERS_ONLY = ["data_kualitas", "prioritas"]


@pytest.mark.parametrize("page", PUBLIC)
def test_public_pages_open_for_both_roles(page: str) -> None:
    assert can_view("rapat", page)
    assert can_view("petugas", page)


@pytest.mark.parametrize("page", OFFICERS_ONLY)
def test_officer_pages_closed_to_rapat(page: str) -> None:
    assert not can_view("rapat", page)
    assert can_view("petugas", page)


@pytest.mark.parametrize("role", [None, "", "admin", "PETUGAS"])
def test_unknown_role_opens_nothing(role: str | None) -> None:
    assert not any(can_view(role, page) for page in PAGE_IDS)
    assert pages_for(role) == []


def test_unknown_page_is_denied() -> None:
    assert not can_view("petugas", "rahasia")


def test_every_page_has_a_policy_and_menu_order() -> None:
    assert set(PAGE_IDS) == set(PUBLIC) | set(OFFICERS_ONLY)
    assert PAGE_ROLES["rapat"] < PAGE_ROLES["petugas"]
    assert pages_for("rapat") == PUBLIC
    assert pages_for("petugas") == list(PAGE_IDS)


@pytest.mark.parametrize("role", ["petugas", "rapat", None, "tamu"])
def test_meeting_mode_forces_rapat(role: str | None) -> None:
    assert effective_role(role, meeting_mode=True) == "rapat"


def test_effective_role_without_meeting_mode() -> None:
    assert effective_role("petugas", meeting_mode=False) == "petugas"
    assert effective_role("rapat", meeting_mode=False) == "rapat"
    assert effective_role(None, meeting_mode=False) == "rapat"
    assert effective_role("admin", meeting_mode=False) == "rapat"


def test_rapat_never_sees_restricted_layers() -> None:
    for role in ["rapat", None, "tamu", effective_role("petugas", meeting_mode=True)]:
        layers = visible_layers(role)
        assert not layers & {"laporan", "peserta", "tinjauan"}
        assert "laporan_agregat" in layers and "desa" in layers
    assert visible_layers("petugas") == set(LAYERS)
    assert RESTRICTED_LAYERS <= LAYERS


def test_suppression_needed_for_everyone_but_petugas() -> None:
    assert not needs_suppression("petugas")
    assert needs_suppression("rapat")
    assert needs_suppression(None)
    assert needs_suppression(effective_role("petugas", meeting_mode=True))

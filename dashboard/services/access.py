"""Role policy as data: which pages and map layers each role may see.

Two roles: `petugas` (officers, office head: full detail, review queue, uploads) and
`rapat` (meeting/public view: aggregated, suppressed figures only). Anything not listed
is denied. Meeting mode always means `rapat`, whoever is logged in.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Role = Literal["petugas", "rapat"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)

PAGE_IDS: Final[tuple[str, ...]] = (
    "peta",
    "kecamatan",
    "tren",
    "rapat",
    "petunjuk",
    "data_kualitas",
    "prioritas",
)
"""Page ids, in menu order."""

_PUBLIC_PAGES: Final = frozenset({"peta", "kecamatan", "tren", "rapat", "petunjuk"})

PAGE_ROLES: Final[dict[Role, frozenset[str]]] = {
    "rapat": _PUBLIC_PAGES,
    "petugas": frozenset(PAGE_IDS),
}

LAYERS: Final[frozenset[str]] = frozenset(
    {
        "kabupaten",
        "kecamatan",
        "desa",
        "kegiatan",
        "laporan_agregat",
        "laporan",
        "peserta",
        "tinjauan",
    }
)
"""Data layers: boundaries, desa/kecamatan aggregates, session venues, report counts per
desa (`laporan_agregat`) and the restricted layers below."""

RESTRICTED_LAYERS: Final[frozenset[str]] = frozenset({"laporan", "peserta", "tinjauan"})
"""Exact report points, the participant table and the review queue: `petugas` only."""


def can_view(role: str | None, page_id: str) -> bool:
    """True when `role` may open page `page_id`; unknown roles and pages are denied."""
    if role not in PAGE_ROLES:
        return False
    return page_id in PAGE_ROLES[role]


def pages_for(role: str | None) -> list[str]:
    """Page ids `role` may open, in menu order (empty for an unknown role)."""
    return [page for page in PAGE_IDS if can_view(role, page)]


def effective_role(role: str | None, meeting_mode: bool) -> Role:
    """The role the app acts with: `rapat` in meeting mode, without a login, or for an
    unknown role; otherwise the logged-in role."""
    if meeting_mode or role not in PAGE_ROLES:
        return "rapat"
    return "petugas" if role == "petugas" else "rapat"


def visible_layers(role: str | None) -> set[str]:
    """Layers `role` may see; `rapat` (and unknown roles) never get the restricted ones."""
    if role == "petugas":
        return set(LAYERS)
    return set(LAYERS - RESTRICTED_LAYERS)


def needs_suppression(role: str | None) -> bool:
    """Whether figures shown to `role` must go through small-count suppression (k=5)."""
    return role != "petugas"

"""The statistics of one scope and period as CSV, XLSX or ODS (tablib), without personal data.

The workbook (XLSX, ODS) has four sheets: "Zentren" (one row per centre and a total),
"Spalten" (what each column of every sheet means), "Kategorien" and "Sprachen". The CSV
file holds the first sheet only, as UTF-8 with a byte order mark and semicolons (what
German spreadsheet programmes open without asking); the same page links to the column
descriptions.
"""

import tablib
from django.utils.translation import gettext as _

from offers.statistics import Counts, Figures

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def _count_columns() -> list[tuple[str, str, str]]:
    """(attribute of Counts, German header, description)."""
    return [
        ("planned", _("Dates planned"), _("Dates of the offers that start in the period.")),
        (
            "held",
            _("Dates held"),
            _("Past dates that were neither cancelled nor recorded as not held."),
        ),
        (
            "cancelled",
            _("Dates cancelled"),
            _("Cancelled by the centre, or off for a holiday, school holidays or a closure."),
        ),
        (
            "recorded",
            _("Dates with attendance recorded"),
            _("Dates for which the centre recorded attendance or that they did not take place."),
        ),
        (
            "not_held",
            _("Did not take place"),
            _("Not cancelled, but recorded afterwards as not having taken place."),
        ),
        ("adults", _("Adults"), _("Adults counted at the dates held (recorded dates only).")),
        ("children", _("Children"), _("Children counted at the dates held (recorded dates only).")),
        ("participants", _("Participants"), _("Adults and children together.")),
    ]


def _counts_row(counts: Counts) -> list[int]:
    return [getattr(counts, name) for name, _header, _text in _count_columns()]


def _centers_sheet(figures: Figures) -> tablib.Dataset:
    headers = [
        _("Centre"),
        _("Sozialraum"),
        _("District"),
        _("Period"),
        *(header for _name, header, _text in _count_columns()),
        _("New cooperations"),
        _("Ended cooperations"),
    ]
    sheet = tablib.Dataset(headers=headers, title=_("Centres"))
    period = figures.period.label
    for row in figures.centers:
        sheet.append(
            [
                row.name,
                row.sozialraum,
                row.district,
                period,
                *_counts_row(row.counts),
                row.cooperations_new,
                row.cooperations_ended,
            ]
        )
    sheet.append(
        [
            _("Total: %(scope)s") % {"scope": figures.scope.label},
            "",
            "",
            period,
            *_counts_row(figures.total),
            figures.cooperations_new,
            figures.cooperations_ended,
        ]
    )
    return sheet


def _groups_sheet(title: str, label: str, groups) -> tablib.Dataset:
    sheet = tablib.Dataset(
        headers=[label, *(header for _name, header, _text in _count_columns())], title=title
    )
    for group in groups:
        sheet.append([group.label, *_counts_row(group.counts)])
    return sheet


def _columns_sheet() -> tablib.Dataset:
    sheet = tablib.Dataset(headers=[_("Sheet"), _("Column"), _("Meaning")], title=_("Columns"))
    centres, categories, languages = _("Centres"), _("Categories"), _("Languages")
    rows = [
        (centres, _("Centre"), _("Name of the ThEKiZ centre; the last row is the total.")),
        (centres, _("Sozialraum"), _("The centre's Sozialraum.")),
        (centres, _("District"), _("The centre's district or independent town.")),
        (centres, _("Period"), _("Quarter or calendar year counted (Europe/Berlin).")),
        *((centres, header, text) for _name, header, text in _count_columns()),
        (centres, _("New cooperations"), _("Partner cooperations begun in the period.")),
        (centres, _("Ended cooperations"), _("Partner cooperations ended in the period.")),
        (
            categories,
            _("Category"),
            _("An offer with several categories counts in each of them."),
        ),
        (
            languages,
            _("Language"),
            _("An offer in several languages counts in each of them."),
        ),
    ]
    for row in rows:
        sheet.append(row)
    return sheet


def databook(figures: Figures) -> tablib.Databook:
    return tablib.Databook(
        [
            _centers_sheet(figures),
            _columns_sheet(),
            _groups_sheet(_("Categories"), _("Category"), figures.categories),
            _groups_sheet(_("Languages"), _("Language"), figures.languages),
        ]
    )


def filename(figures: Figures, fmt: str) -> str:
    return f"thekiz-statistik_{figures.scope.slug}_{figures.period.slug}.{fmt}"


def export(figures: Figures, fmt: str) -> bytes:
    """The file's content in ``fmt`` (one of FORMATS)."""
    if fmt == "csv":
        text = _centers_sheet(figures).export("csv", delimiter=";")
        return ("\ufeff" + text).encode("utf-8")
    return databook(figures).export(fmt)

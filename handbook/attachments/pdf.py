"""PDF downloads: opened with pypdf, refused when encrypted for readers or when they hold
anything a reader's program would run, open or fetch.

pypdf reads the file; the walk over the places where actions hide (open action, page,
annotation, form field and document events, bookmarks, the name tree) is ours, because no
maintained library judges a PDF's actions.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from pypdf import PasswordType, PdfReader
from pypdf.errors import PyPdfError

from .kinds import broken, refusal

# Actions refused wherever they are: scripts, program starts, forms sent away, data pulled
# in, media players, and jumps into other files (a remote or embedded file; a network
# path can hand the reader's Windows password hash to a stranger).
REFUSED_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/Rendition",
    "/GoToR",
    "/GoToE",
}
# Actions nobody clicked (on opening the file or a page, on seeing or hovering over an
# annotation, on printing or saving) may not call out to the web either.
REFUSED_AUTOMATIC_ACTIONS = REFUSED_ACTIONS | {"/URI"}
# A link a reader clicks (annotation or bookmark) may lead to these addresses only.
LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
# How long a chain of actions (/Next) may be before the file is refused outright.
MAX_ACTION_DEPTH = 20
# How many bookmarks or form fields are walked before the file is refused.
MAX_ITEMS = 10_000


def _resolved(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _refused(action, *, automatic: bool, depth: int = 0) -> bool:
    """Is this action, or one it leads to through /Next, refused?"""
    action = _resolved(action)
    if depth > MAX_ACTION_DEPTH:
        return True
    if isinstance(action, list):
        return any(_refused(item, automatic=automatic, depth=depth + 1) for item in action)
    if not isinstance(action, dict):
        return False  # a destination (a page to show), not an action
    kind = action.get("/S")
    if kind in (REFUSED_AUTOMATIC_ACTIONS if automatic else REFUSED_ACTIONS):
        return True
    if kind == "/URI" and not str(_resolved(action.get("/URI", ""))).lower().startswith(
        LINK_SCHEMES
    ):
        return True  # file:, a network path, javascript: …
    return action.get("/Next") is not None and _refused(
        action["/Next"], automatic=automatic, depth=depth + 1
    )


def _additional_actions(owner) -> list:
    """The actions of an /AA dictionary (on open, close, focus, …): all automatic."""
    owner = _resolved(owner)
    actions = _resolved(owner.get("/AA")) if isinstance(owner, dict) else None
    return list(actions.values()) if isinstance(actions, dict) else []


def _tree(first, *, children: str, siblings: str):
    """The items of a linked tree (bookmarks: /First and /Next; form fields: /Kids),
    each once, refusing trees that loop back or never end."""
    first = _resolved(first)
    pending, seen = list(first) if isinstance(first, list) else [first], set()
    while pending:
        item = _resolved(pending.pop())
        if not isinstance(item, dict) or id(item) in seen:
            continue
        seen.add(id(item))
        if len(seen) > MAX_ITEMS:
            raise broken()
        yield item
        for key in (children, siblings):
            linked = _resolved(item.get(key)) if key else None
            if isinstance(linked, list):
                pending.extend(linked)
            elif linked is not None:
                pending.append(linked)


def _has_active_content(reader: PdfReader) -> bool:
    catalog = _resolved(reader.trailer["/Root"])
    names = _resolved(catalog.get("/Names")) or {}
    if "/JavaScript" in names or "/EmbeddedFiles" in names:
        return True
    form = _resolved(catalog.get("/AcroForm")) or {}
    if "/XFA" in form:  # forms that run their own scripts
        return True
    automatic = [catalog.get("/OpenAction"), *_additional_actions(catalog)]
    clicked = []
    for field in _tree(form.get("/Fields") or [], children="/Kids", siblings=""):
        automatic += _additional_actions(field)
    outlines = _resolved(catalog.get("/Outlines")) or {}
    for bookmark in _tree(outlines.get("/First"), children="/First", siblings="/Next"):
        clicked.append(bookmark.get("/A"))
    for page in reader.pages:
        automatic += _additional_actions(page)
        for annotation in _resolved(page.get("/Annots")) or []:
            annotation = _resolved(annotation)
            if not isinstance(annotation, dict):
                continue
            if annotation.get("/Subtype") == "/FileAttachment":
                return True
            clicked.append(annotation.get("/A"))
            automatic += _additional_actions(annotation)
    return any(
        _refused(action, automatic=True) for action in automatic if action is not None
    ) or any(_refused(action, automatic=False) for action in clicked if action is not None)


def pdf_pages(upload: UploadedFile) -> int:
    """The number of pages of a PDF without anything active, or a ``ValidationError``."""
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        # Only an owner password (printing, copying rules) opens for everyone: fine.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise refusal(
                _("The PDF is protected by a password. Please upload it without protection."),
                "encrypted",
            )
        if _has_active_content(reader):
            raise refusal(
                _(
                    "The PDF contains scripts, attached files, automatic actions or links "
                    "to other files. Please save it without them."
                ),
                "active_content",
            )
        return len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, RecursionError):
        # pypdf reports malformed files with all of these.
        raise broken() from None

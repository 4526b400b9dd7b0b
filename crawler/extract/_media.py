"""Tell what a link's target is from its file extension and declared media type."""

from __future__ import annotations

from urllib.parse import SplitResult

_DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "rtf": "application/rtf",
    "csv": "text/csv",
    "zip": "application/zip",
}
_DOCUMENT_TYPE_PREFIXES = (
    "application/pdf",
    "application/msword",
    "application/vnd.ms-",
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.",
    "application/rtf",
    "application/zip",
    "application/x-zip",
    "text/csv",
)
_DATA_TYPES = {"json": "application/json", "jsonld": "application/ld+json"}
JSON_TYPES = frozenset(_DATA_TYPES.values())
_CREDENTIAL_TYPES = frozenset(
    {"application/jwt", "application/vc", "application/vp"}
    | {"application/vc+jwt", "application/vp+jwt", "application/vc+sd-jwt"}
    | {"application/vc+ld+json", "application/vp+ld+json"}
)
_ASSET_EXTENSIONS = frozenset(
    {"avif", "bmp", "gif", "ico", "jpeg", "jpg", "png", "svg", "tif", "tiff", "webp"}
    | {"css", "js", "mjs", "map", "webmanifest", "eot", "otf", "ttf", "woff", "woff2"}
    | {"mov", "mp3", "mp4", "ogg", "wav", "webm"}
)
_HTML_EXTENSIONS = frozenset(
    {"asp", "aspx", "cfm", "htm", "html", "jsp", "php", "shtml", "xhtml"}
)


def extension(target: SplitResult) -> str:
    """Return the lower-case file extension of a URL's last path segment, or ""."""
    name = target.path.rsplit("/", 1)[-1]
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def is_asset(ext: str) -> bool:
    """Tell whether an extension names a page sub-resource (image, script, font)."""
    return ext in _ASSET_EXTENSIONS


def is_html(ext: str) -> bool:
    """Tell whether an extension names a server-rendered HTML page."""
    return ext in _HTML_EXTENSIONS


def is_document(ext: str, media: str) -> bool:
    """Tell whether a target is a downloadable document (PDF, office, archive)."""
    return ext in _DOCUMENT_TYPES or media.startswith(_DOCUMENT_TYPE_PREFIXES)


def is_data(ext: str, media: str) -> bool:
    """Tell whether a target is JSON or JSON-LD data."""
    return ext in _DATA_TYPES or media in JSON_TYPES or media.endswith("+json")


def is_credential(ext: str, media: str) -> bool:
    """Tell whether a target is a credential by its form alone (JWT, VC type)."""
    return ext == "jwt" or media in _CREDENTIAL_TYPES


def guess_type(ext: str) -> str | None:
    """Return the media type that a document or data extension implies."""
    if ext == "jwt":
        return "application/jwt"
    return _DOCUMENT_TYPES.get(ext) or _DATA_TYPES.get(ext)

"""The OpenAPI 3.1 document of what ``/api/hsds/`` serves: the HSDS 3.0 API reference's
paths and parameters, trimmed to those the portal answers, with its schemas by reference."""

from django.conf import settings

SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

_PAGE = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
    },
}

_PARAMETERS = {
    "page": ("integer", "Page number, from 1. A page after the last is empty."),
    "per_page": ("integer", "Results per page: 1 to 200, 50 if not given."),
    "modified_after": (
        "string",
        "Only what changed on or after this ISO 8601 date or date and time "
        "(without a zone: Europe/Berlin).",
    ),
    "taxonomy_term_id": ("string", "Only services with this taxonomy term (a category)."),
    "organization_id": ("string", "Only services of this organization."),
    "taxonomy_id": ("string", "Only terms of this taxonomy."),
    "postcode": (
        "string",
        "A German postcode: without proximity, services held at a place with this postcode; "
        "with it, the centre of the postcode's area to measure from.",
    ),
    "proximity": (
        "integer",
        "Services held within this many metres (1 to 200,000) of the postcode's centre, "
        "the nearest first.",
    ),
}


def _parameter(name: str) -> dict:
    kind, description = _PARAMETERS[name]
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": kind},
    }


_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
_ERROR = {
    "description": "An error, explained.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}},
            }
        }
    },
}
_COMMON_RESPONSES = {
    "304": {"description": "Not modified since the copy the ETag or date names."},
    "429": {
        "description": "Too many requests from this client; see Retry-After (seconds).",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}


def _list(summary: str, schema: str, parameters: list[str]) -> dict:
    page = {**_PAGE, "properties": {**_PAGE["properties"]}}
    page["properties"]["contents"] = {"type": "array", "items": {"$ref": SCHEMAS + schema}}
    return {
        "get": {
            "summary": summary,
            "parameters": [_parameter(name) for name in ["page", "per_page", *parameters]],
            "responses": {
                "200": {"description": summary, "content": {"application/json": {"schema": page}}},
                "400": _ERROR,
                **_COMMON_RESPONSES,
            },
        }
    }


def _detail(summary: str, schema: str) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": [_ID],
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": {"$ref": SCHEMAS + schema}}},
                },
                "404": _ERROR,
                **_COMMON_RESPONSES,
            },
        }
    }


def openapi_document() -> dict:
    filters = ["modified_after", "taxonomy_term_id", "organization_id"]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ThEKiZ-Portal: Open Referral HSDS 3.0",
            "version": "1.0",
            "description": (
                "The published offers of Thuringia's family centres (ThEKiZ), their "
                "operators and the network's partners, read-only. Texts are in German. "
                "Offers are services, centres and other places are locations, operators "
                "and partners are organizations, the offer categories are one taxonomy."
            ),
            "license": {"name": settings.THEKIZ_OPEN_DATA_LICENCE},
        },
        "servers": [{"url": f"{settings.THEKIZ_BASE_URL}/api/hsds"}],
        "paths": {
            "/": {
                "get": {
                    "summary": "Information about this API and its relation to HSDS.",
                    "responses": {
                        "200": {
                            "description": "HSDS version, profile and this document's URL.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "version": {"type": "string"},
                                            "profile": {"type": "string", "format": "uri"},
                                            "openapi_url": {"type": "string", "format": "uri"},
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/services": _list("Services (offers), fully nested.", "service.json", filters),
            "/services/{id}": _detail("One service (offer), fully nested.", "service.json"),
            "/service_at_locations": _list(
                "Services at their locations.",
                "service_at_location.json",
                [*filters, "postcode", "proximity"],
            ),
            "/service_at_locations/{id}": _detail(
                "One service at its location.", "service_at_location.json"
            ),
            "/organizations": _list(
                "Organizations: the centres' operators, then the network's partners.",
                "organization.json",
                [],
            ),
            "/organizations/{id}": _detail(
                "One organization with its locations.", "organization.json"
            ),
            "/taxonomies": _list("The taxonomy of offer categories.", "taxonomy.json", []),
            "/taxonomy_terms": _list(
                "The offer categories as taxonomy terms.", "taxonomy_term.json", ["taxonomy_id"]
            ),
        },
    }

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    return {
        "site_name": settings.THEKIZ_SITE_NAME,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_ATTRIBUTION,
        "operator": settings.THEKIZ_OPERATOR,
    }

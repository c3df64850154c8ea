from saphan.core.context_processors import once_per_request

from .navigation import navigation_for

# The top bar's search box finds cases: shown to those whose menu holds the case list.
SEARCH_URL_NAME = "cases:list"


def navigation(request):
    def build():
        user = getattr(request, "user", None)
        items = navigation_for(user) if user is not None else []
        search = next((item.url for item in items if item.url_name == SEARCH_URL_NAME), "")
        return {"nav_items": items, "top_search_url": search}

    return once_per_request(request, "navigation", build)

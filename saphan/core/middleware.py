"""Request checks that hold for every page."""

from django.shortcuts import render


class NulInQueryMiddleware:
    """A NUL character in the address, in its path (``/cases/%00/``) or its query
    (``?q=%00``), is refused with a 400 page in the user's language. Nobody types one,
    PostgreSQL cannot take one in a text value, and a lookup, filter or search that passed it on
    would end in a server error. Forms are not concerned: their text fields refuse NUL with a
    message next to the field, and the entries are kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in request.path_info:
            return render(request, "400.html", status=400)
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            return render(request, "400.html", status=400)
        return self.get_response(request)

"""What a view tells the person on the next page when a service refuses what they asked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


@contextmanager
def refusal_shown(request: HttpRequest) -> Iterator[None]:
    """Run the block; when a service in it refuses (ValidationError), show the refusal's words
    as an error message and go on after the block. The rest of the block (the message that it
    worked, the redirect) runs only when nothing was refused."""
    try:
        yield
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))

import pytest
from django.core.management import call_command

from saphan.orgs.models import User


@pytest.fixture
def demo(db, settings, tmp_path):
    """The reference data and the demo accounts loaded; the demo's administrator."""
    settings.DATA_DIR = tmp_path
    call_command("load_reference", verbosity=0)
    call_command("load_demo", verbosity=0)
    return User.objects.get(username="admin")

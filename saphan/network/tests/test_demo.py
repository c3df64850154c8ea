from saphan.network.demo import MARK, ensure_demo
from saphan.network.models import NetworkMember, Tip
from saphan.orgs.models import User
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import UserFactory


def test_demo_is_labelled_and_idempotent(net):
    UserFactory(username="vol.khonkaen", province=net["kk"], agency=None, roles=[Role.VOLUNTEER])
    assert ensure_demo()
    members, tips, users = NetworkMember.objects.count(), Tip.objects.count(), User.objects.count()
    assert NetworkMember.objects.filter(user__username="vol.khonkaen", is_demo=True).exists()
    assert Tip.objects.filter(is_demo=True, status="new").count() >= 5
    assert all(t.description.startswith(MARK) for t in Tip.objects.filter(is_demo=True))
    assert ensure_demo() is None
    assert (NetworkMember.objects.count(), Tip.objects.count(), User.objects.count()) == (
        members, tips, users,
    )  # fmt: skip
    # Synthetic volunteers cannot sign in.
    assert not User.objects.get(username="demo.vol.40010103").has_usable_password()

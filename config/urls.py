from django.conf.urls.i18n import i18n_patterns  # noqa: F401  (kept for reference: URLs stay language-neutral)
from django.contrib import admin
from django.urls import include, path

from saphan.api.api import api
from saphan.core import views as core_views
from saphan.network import field_views
from saphan.site import views as site_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("sw.js", field_views.service_worker, name="service_worker"),
    path("livez", core_views.livez, name="livez"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("alerts/", core_views.alerts, name="alerts"),
    path("messages/", include("saphan.core.urls")),
    path("saved-filters/", include("saphan.core.urls_saved")),
    path("accounts/", include("saphan.orgs.urls")),
    path("audit/", include("saphan.audit.urls")),
    path("cases/", include("saphan.cases.urls")),
    path("people/", include("saphan.people.urls")),
    path("knowledge/", include("saphan.knowledge.urls")),
    path("capacity/", include("saphan.capacity.urls")),
    path("plans/", include("saphan.plans.urls")),
    path("insight/", include("saphan.insight.urls")),
    path("network/", include("saphan.network.urls")),
    path("api/v1/", api.urls),
    path("api/", include("saphan.api.urls")),
    path("admin/", admin.site.urls),
    path("approvals/", site_views.queue, name="queue"),
    path("", site_views.home, name="home"),
]

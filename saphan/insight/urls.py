from django.urls import path

from . import views

app_name = "insight"
urlpatterns = [
    path("", views.home, name="home"),
    path("nation/", views.nation, name="nation"),
    path("region/<str:code>/", views.region, name="region"),
    path("province/<str:code>/", views.province, name="province"),
    path("data/<slug:chart_id>.<str:fmt>", views.chart_download, name="chart-data"),
    path("reports/", views.reports_page, name="reports"),
    path("exports/", views.exports_page, name="exports"),
    path("reports/cabinet.<str:fmt>", views.report_cabinet, name="report-cabinet"),
    path("reports/statistics.<str:fmt>", views.report_statistics, name="report-statistics"),
]

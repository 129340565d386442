"""The app's URLs plus the bench-only baseline views under /bench/."""

from django.urls import path

from mitwirken.config.urls import handler500  # noqa: F401  (the app's error page)
from mitwirken.config.urls import urlpatterns as app_urlpatterns

from . import views

urlpatterns = [
    path("bench/baseline-page/", views.baseline_page, name="bench_baseline_page"),
    path(
        "bench/baseline-layout-page/", views.baseline_layout_page, name="bench_baseline_layout_page"
    ),
    path("bench/flow/<int:pk>/", views.flow_page, name="bench_flow_page"),
    path("bench/flow/confirm/<str:token>/", views.flow_confirm, name="bench_flow_confirm"),
    path("bench/flow/done/", views.flow_done, name="bench_flow_done"),
    *app_urlpatterns,
]

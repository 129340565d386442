"""The app's URLs plus the bench-only baseline views under /bench/."""

from django.urls import path

from mitwirken.config.urls import handler500  # noqa: F401  (the app's error page)
from mitwirken.config.urls import urlpatterns as app_urlpatterns

from . import views

urlpatterns = [
    path("bench/baseline-insert/", views.baseline_insert, name="bench_baseline_insert"),
    path("bench/baseline-page/", views.baseline_page, name="bench_baseline_page"),
    path(
        "bench/baseline-layout-page/", views.baseline_layout_page, name="bench_baseline_layout_page"
    ),
    *app_urlpatterns,
]

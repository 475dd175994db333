"""Tracing is off unless configured; when on, each request becomes a span named after its route."""

import httpx
from carenet_core.tracing import setup_tracing
from carenet_testing.plugin import settings_for
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from probe.app import ProbeSettings, create_app


def test_tracing_is_off_without_an_endpoint(monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    app = create_app(ProbeSettings(env="test", background_tasks=False))
    assert not hasattr(app.state, "tracer_provider")


async def test_requests_become_spans_when_tracing_is_on(harness, carenet_database):
    exporter = InMemorySpanExporter()
    app = create_app(settings_for(harness, carenet_database))
    assert setup_tracing(app, "probe", exporter=exporter)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c,
    ):
        await c.get("/v1/widgets/nope")
    names = [s.name for s in exporter.get_finished_spans()]
    assert any("/v1/widgets/{widget_id}" in n for n in names)

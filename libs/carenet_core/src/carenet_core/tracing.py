"""OpenTelemetry tracing, switched on by `OTEL_EXPORTER_OTLP_ENDPOINT` (the standard OTel variable).

Off by default: nothing is imported or exported unless the endpoint is set. The packages are the
optional extra `carenet-core[otel]`; without them a service logs a warning and runs untraced.
"""

from __future__ import annotations

import os
from typing import Any

import structlog

log = structlog.get_logger("carenet.tracing")


def setup_tracing(app: Any, service: str, *, exporter: Any = None) -> bool:
    """Instrument `app` when tracing is configured (or an exporter is given); returns whether it did."""
    if exporter is None and not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return False
    try:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
    except ImportError:
        log.warning("tracing_unavailable", hint="pip install 'carenet-core[otel]'")
        return False
    provider = TracerProvider(resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", service)}))
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    else:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, excluded_urls="health,ready,metrics")
    app.state.tracer_provider = provider
    return True

"""create_app(): routers, handlers, lifespan — nothing else."""

from fastapi import FastAPI

from carenet_core.app import build_service_app

from .config import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(settings=settings or Settings(), title="CareNet household-registry query audit: ingest, verifiable monthly sampling, review", routers=[])

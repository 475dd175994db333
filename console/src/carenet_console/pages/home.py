"""The start page: the pages the signed-in role may open, nothing else."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..web import render, viewer

router = APIRouter()


@router.get("/")
async def home(request: Request) -> Response:
    who = await viewer(request)
    return render(request, "home.html", who=who)

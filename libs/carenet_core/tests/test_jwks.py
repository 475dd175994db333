"""The identity provider's keys: discovery + JWKS fetched without blocking the event loop, one fetch
for many askers, rotation followed, a withdrawn key no longer trusted (cached verifications too)."""

import asyncio
import json
import time

import jwt
import pytest
from carenet_core.auth import TokenVerifier
from carenet_core.errors import Unauthorized
from carenet_core.settings import CoreSettings
from cryptography.hazmat.primitives.asymmetric import rsa


def _key(kid):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    public.update(kid=kid, use="sig", alg="RS256")
    return private, public


class IdP:
    """A tiny real HTTP server (same event loop) serving discovery and a JWKS the test changes."""

    def __init__(self):
        self.jwks = []
        self.jwks_hits = 0
        self.asked = asyncio.Event()
        self.release = asyncio.Event()
        self.release.set()
        self.issuer = ""
        self.claimed_issuer = None

    async def handle(self, reader, writer):
        line = (await reader.readline()).decode()
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        path = line.split(" ")[1]
        if path.endswith("/openid-configuration"):
            body = {"issuer": self.claimed_issuer or self.issuer, "jwks_uri": self.issuer + "/jwks"}
        else:
            self.jwks_hits += 1
            self.asked.set()
            await self.release.wait()
            body = {"keys": self.jwks}
        data = json.dumps(body).encode()
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
            % len(data)
            + data
        )
        await writer.drain()
        writer.close()

    async def __aenter__(self):
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        self.issuer = f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"
        return self

    async def __aexit__(self, *exc):
        self.server.close()


def _verifier(idp, **kw):
    settings = CoreSettings(
        env="test", oidc_issuer=idp.issuer, jwt_algorithms=["RS256"], jwks_min_refresh_seconds=0, **kw
    )
    return TokenVerifier(settings)


def _token(idp, private, kid, sub="sys-1"):
    body = {"sub": sub, "roles": ["system"], "exp": int(time.time()) + 600, "aud": "carenet", "iss": idp.issuer}
    return jwt.encode(body, private, algorithm="RS256", headers={"kid": kid})


async def test_fetching_keys_never_blocks_the_event_loop():
    async with IdP() as idp:
        p1, j1 = _key("k1")
        idp.jwks = [j1]
        idp.release.clear()  # the JWKS answer waits until this test lets it go
        verifier = _verifier(idp)
        pending = asyncio.create_task(verifier.authenticate(_token(idp, p1, "k1")))
        # The server runs on this same loop: it can only see the request if the fetch left the loop free.
        await asyncio.wait_for(idp.asked.wait(), timeout=10)
        assert not pending.done()
        idp.release.set()
        assert (await pending).sub == "sys-1"


async def test_many_askers_share_one_fetch_and_rotation_is_followed():
    async with IdP() as idp:
        p1, j1 = _key("k1")
        p2, j2 = _key("k2")
        idp.jwks = [j1]
        verifier = _verifier(idp)
        assert (await verifier.authenticate(_token(idp, p1, "k1"))).sub == "sys-1"
        assert idp.jwks_hits == 1
        idp.jwks = [j2, j1]  # the provider rotates: k2 signs, k1 still published
        tokens = [_token(idp, p2, "k2", sub=f"s{i}") for i in range(10)]
        principals = await asyncio.gather(*(verifier.authenticate(t) for t in tokens))
        assert [p.sub for p in principals] == [f"s{i}" for i in range(10)]
        assert idp.jwks_hits == 2  # ten askers for the new kid, one fetch


async def test_a_withdrawn_key_is_refused_even_for_a_cached_token():
    async with IdP() as idp:
        p1, j1 = _key("k1")
        _, j2 = _key("k2")
        idp.jwks = [j1]
        verifier = _verifier(idp)
        old = _token(idp, p1, "k1")
        assert (await verifier.authenticate(old)).sub == "sys-1"
        idp.jwks = [j2]
        await verifier.keyset.refresh()
        with pytest.raises(Unauthorized):
            await verifier.authenticate(old)


async def test_an_unknown_kid_is_refused_after_one_refetch_and_the_issuer_must_match():
    async with IdP() as idp:
        p1, j1 = _key("k1")
        stranger, _ = _key("k9")
        idp.jwks = [j1]
        verifier = _verifier(idp)
        with pytest.raises(Unauthorized):
            await verifier.authenticate(_token(idp, stranger, "k9"))
        with pytest.raises(Unauthorized):  # right kid, wrong key
            await verifier.authenticate(_token(idp, stranger, "k1"))
    async with IdP() as idp:
        p1, j1 = _key("k1")
        idp.jwks = [j1]
        idp.claimed_issuer = "https://somebody-else.example"  # discovery for another issuer: no keys trusted
        with pytest.raises(Unauthorized):
            await _verifier(idp).authenticate(_token(idp, p1, "k1"))


def test_claims_map_to_roles_only_through_the_map_when_one_is_set():
    from carenet_core.auth import ClaimMapping

    m = ClaimMapping(roles="realm.groups", role_map={"dmh": "ministry"}, county="org.county")
    p = m.principal({"sub": "c", "realm": {"groups": ["dmh", "system"]}, "org": {"county": "TW-MIA"}})
    assert p.roles == frozenset({"ministry"}) and p.county == "TW-MIA"  # "system" is not mapped: not granted
    scope = ClaimMapping(roles="scope", role_map={"carenet.ministry": "ministry"})
    assert scope.principal({"sub": "c", "scope": "openid carenet.ministry"}).roles == frozenset({"ministry"})
    assert ClaimMapping().principal({"sub": "c", "roles": ["case_worker", "bogus"]}).roles == frozenset({"case_worker"})


async def test_while_the_provider_is_down_many_askers_share_each_try():
    async with IdP() as idp:
        issuer = idp.issuer
    # the server is closed: nothing answers on that port
    settings = CoreSettings(env="test", oidc_issuer=issuer, jwt_algorithms=["RS256"], jwks_min_refresh_seconds=0)
    verifier = TokenVerifier(settings)
    private, _ = _key("k1")
    body = {"sub": "s", "exp": int(time.time()) + 600, "aud": "carenet", "iss": issuer}
    token = jwt.encode(body, private, algorithm="RS256", headers={"kid": "k1"})
    results = await asyncio.gather(*(verifier.authenticate(token) for _ in range(20)), return_exceptions=True)
    assert all(isinstance(r, Unauthorized) for r in results)
    assert verifier.keyset.attempts <= 4  # not one (or two) per request
    assert verifier.keyset.last_error is not None


def test_production_with_an_oidc_issuer_needs_no_shared_secret_and_drops_hs256():
    s = CoreSettings(env="production", oidc_issuer="https://sso.example.gov.tw/realms/carenet")
    assert s.jwt_issuer == "https://sso.example.gov.tw/realms/carenet"
    assert "HS256" not in s.jwt_algorithms and s.jwt_algorithms
    assert TokenVerifier(s).keyset is not None

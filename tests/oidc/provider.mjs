// A real OpenID provider for CareNet's cross-service tests: panva's certified oidc-provider.
//
//   node provider.mjs CONFIG.json
//
// CONFIG.json: {"issuer", "port", "jwks": {"keys": [private JWKs; the first signs]},
//               "clients": [oidc-provider client metadata],
//               "client_claims": {"<client_id>": {extra claims in that client's access tokens}},
//               "account_claims": {"<login>": {extra claims in that person's access tokens}},
//               "resources": {"<resource indicator>": {"audience", "scope"}}}
// Rotating the signing key = restarting with a new first key (old keys stay published while listed).
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const provider = new Provider(config.issuer, {
  jwks: config.jwks,
  clients: config.clients,
  scopes: ['openid', 'offline_access', ...(config.scopes ?? [])],
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: { enabled: false },
    revocation: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => Object.keys(config.resources)[0],
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resource) => {
        const info = config.resources[resource];
        if (!info) throw new Provider.errors.InvalidTarget();
        return {
          scope: info.scope,
          audience: info.audience,
          accessTokenTTL: info.ttl ?? 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  pkce: { required: () => true },
  // People (authorization code + PKCE) get their account's claims, systems (client credentials) their client's.
  extraTokenClaims: async (_ctx, token) => (token.accountId
    ? config.account_claims?.[token.accountId]
    : config.client_claims?.[token.clientId]),
  ttl: { ClientCredentials: 600, AccessToken: 600 },
});
provider.proxy = false;

provider.listen(config.port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${config.issuer}`);
});

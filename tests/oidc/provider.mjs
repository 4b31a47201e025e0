// A certified OpenID Connect provider (the `oidc-provider` package) on loopback, for the single
// sign-on tests: one confidential client (this service), PKCE required, any login accepted by
// its development login form. People are described by OIDC_ACCOUNTS (JSON: login -> claims);
// any other login is a person the council's directory knows and this service does not.
//
// A test drives it through /__test on the same port:
//   POST /__test/mode?to=normal|wrong_audience|expired  the next ID tokens are re-signed with
//        another audience, or already expired (what a misconfigured or replaying provider sends)
//   POST /__test/rotate  a new signing key: the old one is no longer published
//   POST /__test/groups?login=<login>&groups=a,b  the groups the ID token names for that login
//
// Environment: PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_URI, OIDC_ACCOUNTS.
// Prints "oidc-provider ready <issuer>" when it listens.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK } from 'jose';

const port = Number(process.env.PORT ?? 0);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '{}');
let mode = 'normal';
/** @type {Record<string, string[]>} */
const groups = {};

async function newKey() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

/** Re-signs an ID token with the provider's key, changed as the mode says. */
async function misbehave(idToken, key) {
  const claims = decodeJwt(idToken);
  const header = decodeProtectedHeader(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'wrong_audience') claims.aud = 'another-service';
  if (mode === 'expired') {
    claims.iat = now - 7200;
    claims.exp = now - 3600;
  }
  return new SignJWT(claims).setProtectedHeader({ alg: header.alg, kid: header.kid, typ: header.typ }).sign(await importJWK(key, 'RS256'));
}

function build(key) {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: process.env.CLIENT_ID ?? 'qa-platform',
        client_secret: process.env.CLIENT_SECRET ?? 'a test client secret',
        redirect_uris: [process.env.REDIRECT_URI ?? 'http://127.0.0.1:8080/api/v1/auth/oidc/callback'],
        post_logout_redirect_uris: [process.env.POST_LOGOUT_URI ?? 'http://127.0.0.1:8080/sign-in?signed_out=1'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    // Claims asked for by scope go in the ID token itself, as Entra ID and most others do.
    conformIdTokenClaims: false,
    // Groups come with the profile, as Entra ID sends them when the app asks for group claims.
    claims: { email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    findAccount: async (_ctx, login) => ({
      accountId: login,
      claims: async () => ({
        sub: accounts[login]?.sub ?? `sub-${login}`,
        email: accounts[login]?.email ?? `${login}@council.test`,
        email_verified: accounts[login]?.email_verified ?? true,
        name: login,
        ...(groups[login] ? { groups: groups[login] } : {}),
      }),
    }),
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    jwks: { keys: [key] },
    cookies: { keys: ['a test cookie key'] },
  });
  provider.use(async (ctx, next) => {
    await next();
    // The development login pages load a web font; nothing outside loopback is reachable here.
    if (typeof ctx.body === 'string' && ctx.body.includes('fonts.googleapis.com')) {
      ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);/g, '');
    }
    if (ctx.path === '/token' && mode !== 'normal' && ctx.body && typeof ctx.body === 'object' && ctx.body.id_token) {
      ctx.body = { ...ctx.body, id_token: await misbehave(ctx.body.id_token, key) };
    }
  });
  return provider.callback();
}

let handler = build(await newKey());

const server = createServer(async (req, res) => {
  if (req.url?.startsWith('/__test/')) {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/__test/mode') mode = url.searchParams.get('to') ?? 'normal';
    else if (url.pathname === '/__test/rotate') handler = build(await newKey());
    else if (url.pathname === '/__test/groups') groups[url.searchParams.get('login') ?? ''] = (url.searchParams.get('groups') ?? '').split(',').filter(Boolean);
    res.writeHead(204).end();
    return;
  }
  handler(req, res);
});
server.listen(port, '127.0.0.1', () => console.log(`oidc-provider ready ${issuer}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));

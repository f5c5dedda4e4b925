// An independent relying party logs in through the simulated provider: panva's openid-client
// (OpenID Certified) does discovery, PKCE S256, state, nonce, iss (RFC 9207), id_token validation,
// userinfo and a refresh. Faulty id_tokens must be refused by it as well.
// Usage: ISSUER=... CLIENT_ID=... CLIENT_SECRET=... REDIRECT_URI=... node relying-party.mjs
// Prints one JSON line of results; exits 1 when any check fails.
import * as client from 'openid-client';

const { ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } = process.env;
const results = {};
let failed = false;

function check(name, ok, detail) {
  results[name] = ok ? 'ok' : `failed: ${detail}`;
  if (!ok) failed = true;
}

// The simulator runs on http://localhost in tests; openid-client wants https unless told.
const config = await client.discovery(new URL(ISSUER), CLIENT_ID, CLIENT_SECRET, undefined,
  { execute: [client.allowInsecureRequests] });
check('discovery', config.serverMetadata().issuer === ISSUER, config.serverMetadata().issuer);
// By default a code-flow client may trust TLS instead of the id_token's signature (OpenID Connect
// Core 3.1.3.7); ask for the signature check, so that our RS256 and JWKS are proven as well.
client.enableNonRepudiationChecks(config);

/** One login: the authorize redirect (the simulator decides at once with auto=1), then the code grant. */
async function login(extra) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
  const nonce = client.randomNonce();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI, scope: 'openid email profile', code_challenge: codeChallenge,
    code_challenge_method: 'S256', nonce, state,
  });
  for (const [k, v] of Object.entries({ auto: '1', ...extra })) url.searchParams.set(k, v);
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`authorize answered ${response.status}`);
  return client.authorizationCodeGrant(config, new URL(location),
    { pkceCodeVerifier: codeVerifier, expectedNonce: nonce, expectedState: state, idTokenExpected: true });
}

try {
  const tokens = await login({ user: 'grace' });
  const claims = tokens.claims();
  check('id_token', claims.sub === 'sim-grace' && claims.email === 'grace@simulator.invalid' && claims.email_verified === true,
    JSON.stringify(claims));
  const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  check('userinfo', info.given_name === 'Grace' && info.email_verified === true, JSON.stringify(info));
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  check('refresh', refreshed.access_token && refreshed.access_token !== tokens.access_token
    && refreshed.claims()?.sub === 'sim-grace', JSON.stringify(refreshed));
} catch (e) {
  check('login', false, `${e.name}: ${e.message}`);
}

for (const fault of ['wrong_iss', 'wrong_aud', 'wrong_nonce', 'expired_id_token', 'bad_signature', 'unknown_kid']) {
  try {
    await login({ user: 'mallory', outcome: fault });
    check(`refuses_${fault}`, false, 'the faulty id_token was accepted');
  } catch (e) {
    check(`refuses_${fault}`, true);
  }
}

console.log(JSON.stringify(results));
process.exit(failed ? 1 : 0);

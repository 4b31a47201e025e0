-- Single sign-on: the provider's stable subject of each person, linked the first time they
-- sign in (by a verified e-mail that already belongs to an active account), so later sign-ins
-- match by subject even when the e-mail changes.
CREATE TABLE user_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identities_user_idx ON user_identities (user_id);

-- Sign-ins under way at the provider: the state names one, used once; the browser that began it
-- proves it by a cookie whose hash is kept; the nonce and the PKCE verifier finish it.
CREATE TABLE oidc_logins (
    state TEXT PRIMARY KEY,
    binding_hash TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

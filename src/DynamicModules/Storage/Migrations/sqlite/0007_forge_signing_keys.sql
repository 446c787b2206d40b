-- The RSA keys that sign Forge Invocation Tokens and app tokens (docs/forge-apps.md, Forge Remote contract).
-- private_key is the PKCS#8 PEM sealed with the secret keys, which live outside the database; public_jwk is
-- what /.well-known/jwks.json publishes. Keys are rotated by age: the newest signs, older ones stay
-- published while tokens they signed can still be valid.
CREATE TABLE forge_signing_keys (
    kid         TEXT    PRIMARY KEY,
    private_key TEXT    NOT NULL,
    public_jwk  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE INDEX forge_signing_keys_created ON forge_signing_keys (created_at);

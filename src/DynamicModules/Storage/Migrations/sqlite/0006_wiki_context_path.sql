-- Confluence tenants created from now on get Confluence Cloud's /wiki context path in their base URL
-- ({PublicUrl}/t/{tenant}/wiki). Tenants that exist already keep the base URL their apps were given.
ALTER TABLE tenants ADD COLUMN wiki_context_path BIGINT NOT NULL DEFAULT 0;

COMMENT ON INDEX audits_created_idx IS NULL;

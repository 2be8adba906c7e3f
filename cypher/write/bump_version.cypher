// Mark the data as changed (the data version caches analyses). Run before and after writes.
MERGE (m:NetmapMeta {key: 'data'})
SET m.version = randomUUID(), m.updated_at = datetime()
RETURN m.version AS version

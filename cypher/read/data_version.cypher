// The current data version (changed by every write).
OPTIONAL MATCH (m:NetmapMeta {key: 'data'})
RETURN m.version AS version

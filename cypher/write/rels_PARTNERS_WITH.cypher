// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Write PARTNERS_WITH relationships (Organisation)-[:PARTNERS_WITH]->(Organisation).
// Keyed by its endpoints and kind: a re-import updates its properties.
// Undirected: the store receives the endpoints in sorted order.
// $rows = [{source, target, key, props}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:Organisation {id: row.source})
MATCH (t:Organisation {id: row.target})
CALL (s, t, row) {
  MATCH (s)-[old:PARTNERS_WITH]->(t)
  WHERE coalesce(old.kind, '') = row.key
  DELETE old
}
CREATE (s)-[r:PARTNERS_WITH]->(t)
SET r = row.props
RETURN count(r) AS written

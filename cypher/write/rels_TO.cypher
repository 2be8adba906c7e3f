// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Write TO relationships (Referral)-[:TO]->(Organisation|Activity).
// $rows = [{source, target, key, props}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:Referral {id: row.source})
CALL (row) {
  MATCH (t:Organisation {id: row.target})
  RETURN t
  UNION
  MATCH (t:Activity {id: row.target})
  RETURN t
}
MERGE (s)-[r:TO]->(t)
SET r = row.props
RETURN count(r) AS written

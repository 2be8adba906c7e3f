// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Write HELD_IN relationships (Activity)-[:HELD_IN]->(Area).
// $rows = [{source, target, key, props}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:Activity {id: row.source})
MATCH (t:Area {id: row.target})
MERGE (s)-[r:HELD_IN]->(t)
SET r = row.props
RETURN count(r) AS written

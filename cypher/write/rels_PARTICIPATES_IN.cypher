// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Write PARTICIPATES_IN relationships (Resident)-[:PARTICIPATES_IN]->(Activity).
// Keyed by its endpoints: a re-import updates its properties.
// $rows = [{source, target, key, props}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:Resident {id: row.source})
MATCH (t:Activity {id: row.target})
MERGE (s)-[r:PARTICIPATES_IN]->(t)
SET r = row.props
RETURN count(r) AS written

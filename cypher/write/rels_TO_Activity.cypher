// Generated from src/netmap/model/schema.py by `python -m netmap.store.cypher_gen`: do not edit by hand.
// Write TO relationships (Referral)-[:TO]->(Activity) whose target the batch holds as an Activity.
// The store splits TO rows by the target's label (rels_TO.cypher, which tries both labels,
// takes the rows whose target is only in the store): one plain MATCH instead of a UNION.
// $rows = [{source, target, key, props}], one row per relationship key (deduplicated).
UNWIND $rows AS row
MATCH (s:Referral {id: row.source})
MATCH (t:Activity {id: row.target})
MERGE (s)-[r:TO]->(t)
SET r = row.props
RETURN count(r) AS written

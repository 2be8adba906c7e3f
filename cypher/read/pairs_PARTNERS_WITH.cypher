// Every stored PARTNERS_WITH relationship as (source, target, key) for import --sync.
MATCH (s:Organisation)-[r:PARTNERS_WITH]->(t:Organisation)
RETURN s.id AS source, t.id AS target, coalesce(r.kind, '') AS key

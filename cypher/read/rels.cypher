// Every graph relationship of the schema's types ($types) with its endpoints' ids (export).
MATCH (s)-[r]->(t)
WHERE type(r) IN $types
RETURN type(r) AS type, s.id AS source, t.id AS target, properties(r) AS props

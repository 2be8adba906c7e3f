// Every Area id (import --sync compares them with the imported rows).
MATCH (n:Area)
RETURN n.id AS id

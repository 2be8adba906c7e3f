// Every Network id (import --sync compares them with the imported rows).
MATCH (n:Network)
RETURN n.id AS id

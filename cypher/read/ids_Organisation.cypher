// Every Organisation id (import --sync compares them with the imported rows).
MATCH (n:Organisation)
RETURN n.id AS id

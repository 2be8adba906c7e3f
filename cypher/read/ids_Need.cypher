// Every Need id (import --sync compares them with the imported rows).
MATCH (n:Need)
RETURN n.id AS id

// Every Activity id (import --sync compares them with the imported rows).
MATCH (n:Activity)
RETURN n.id AS id

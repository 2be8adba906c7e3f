// Every Resident id (import --sync compares them with the imported rows).
MATCH (n:Resident)
RETURN n.id AS id

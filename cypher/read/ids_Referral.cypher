// Every Referral id (import --sync compares them with the imported rows).
MATCH (n:Referral)
RETURN n.id AS id

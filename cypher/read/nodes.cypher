// Every graph node with its schema label ($labels) and properties (export).
MATCH (n)
WITH n, [l IN labels(n) WHERE l IN $labels] AS ls
WHERE size(ls) > 0
RETURN ls[0] AS label, properties(n) AS props

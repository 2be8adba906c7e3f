// Every stored MEMBER_OF relationship as (source, target, key) for import --sync.
MATCH (s:Organisation)-[r:MEMBER_OF]->(t:Network)
RETURN s.id AS source, t.id AS target, '' AS key

// Every stored PARTICIPATES_IN relationship as (source, target, key) for import --sync.
MATCH (s:Resident)-[r:PARTICIPATES_IN]->(t:Activity)
RETURN s.id AS source, t.id AS target, '' AS key

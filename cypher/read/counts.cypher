// Node count per label and relationship count per type (from the count store).
MATCH (n:Area) RETURN 'node' AS kind, 'Area' AS name, count(n) AS count
UNION ALL
MATCH (n:Organisation) RETURN 'node' AS kind, 'Organisation' AS name, count(n) AS count
UNION ALL
MATCH (n:Network) RETURN 'node' AS kind, 'Network' AS name, count(n) AS count
UNION ALL
MATCH (n:Activity) RETURN 'node' AS kind, 'Activity' AS name, count(n) AS count
UNION ALL
MATCH (n:Resident) RETURN 'node' AS kind, 'Resident' AS name, count(n) AS count
UNION ALL
MATCH (n:Need) RETURN 'node' AS kind, 'Need' AS name, count(n) AS count
UNION ALL
MATCH (n:Referral) RETURN 'node' AS kind, 'Referral' AS name, count(n) AS count
UNION ALL
MATCH ()-[r:PART_OF]->() RETURN 'rel' AS kind, 'PART_OF' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:LOCATED_IN]->() RETURN 'rel' AS kind, 'LOCATED_IN' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:PROVIDES]->() RETURN 'rel' AS kind, 'PROVIDES' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:MEMBER_OF]->() RETURN 'rel' AS kind, 'MEMBER_OF' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:PARTNERS_WITH]->() RETURN 'rel' AS kind, 'PARTNERS_WITH' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:RUNS]->() RETURN 'rel' AS kind, 'RUNS' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:HELD_IN]->() RETURN 'rel' AS kind, 'HELD_IN' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:ADDRESSES]->() RETURN 'rel' AS kind, 'ADDRESSES' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:COVERS]->() RETURN 'rel' AS kind, 'COVERS' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:LIVES_IN]->() RETURN 'rel' AS kind, 'LIVES_IN' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:HAS_NEED]->() RETURN 'rel' AS kind, 'HAS_NEED' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:PARTICIPATES_IN]->() RETURN 'rel' AS kind, 'PARTICIPATES_IN' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:FROM]->() RETURN 'rel' AS kind, 'FROM' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:TO]->() RETURN 'rel' AS kind, 'TO' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:CONCERNS]->() RETURN 'rel' AS kind, 'CONCERNS' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:ABOUT]->() RETURN 'rel' AS kind, 'ABOUT' AS name, count(r) AS count

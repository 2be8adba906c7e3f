// LOAD CSV baseline of bench/import.py: the demo CSV folder loaded straight into Neo4j,
// creating the same nodes and relationships (and properties) as `netmap import`.
// One statement per file, in dependency order; each must run in an auto-commit
// transaction (session.run) because of CALL { } IN TRANSACTIONS. $dir is the folder URL
// inside the server's import directory, ending in '/' (e.g. 'file:///netmap-bench/').
// Constraints (cypher/schema/) must exist first. Differences from the importer, all in
// LOAD CSV's favour: no validation, no pseudonymisation (resident ids stay raw), no
// deletion of the relationships a re-imported row owns (the database starts empty).
// An empty cell is stored as no property: `CASE WHEN x <> '' THEN x END` is null both
// when the cell is read as '' and when it is read as null.
LOAD CSV WITH HEADERS FROM $dir + 'needs.csv' AS row
CALL (row) {
  MERGE (n:Need {id: row.id})
  SET n = {
    id: row.id,
    name_ja: row.name_ja,
    name_en: CASE WHEN row.name_en <> '' THEN row.name_en END,
    source: CASE WHEN row.source <> '' THEN row.source END,
    verified_on: CASE WHEN row.verified_on <> '' THEN row.verified_on END
  }
} IN TRANSACTIONS OF 10000 ROWS;

// A parent area may come after its child in the file: MERGE it by id, its own row sets
// its properties.
LOAD CSV WITH HEADERS FROM $dir + 'areas.csv' AS row
CALL (row) {
  MERGE (n:Area {id: row.id})
  SET n = {
    id: row.id,
    name: row.name,
    level: row.level,
    population: toInteger(row.population),
    valid_from: CASE WHEN row.valid_from <> '' THEN row.valid_from END,
    valid_to: CASE WHEN row.valid_to <> '' THEN row.valid_to END,
    source: CASE WHEN row.source <> '' THEN row.source END,
    verified_on: CASE WHEN row.verified_on <> '' THEN row.verified_on END
  }
  WITH n
  WHERE row.parent_id <> ''
  MERGE (p:Area {id: row.parent_id})
  MERGE (n)-[:PART_OF]->(p)
} IN TRANSACTIONS OF 10000 ROWS;

LOAD CSV WITH HEADERS FROM $dir + 'organisations.csv' AS row
CALL (row) {
  MERGE (n:Organisation {id: row.id})
  SET n = {
    id: row.id,
    name: row.name,
    kind: row.kind,
    sectors: CASE WHEN row.sectors <> '' THEN split(row.sectors, ';') END,
    valid_from: CASE WHEN row.valid_from <> '' THEN row.valid_from END,
    valid_to: CASE WHEN row.valid_to <> '' THEN row.valid_to END,
    source: CASE WHEN row.source <> '' THEN row.source END,
    verified_on: CASE WHEN row.verified_on <> '' THEN row.verified_on END
  }
  WITH n
  MATCH (a:Area {id: row.area_id})
  MERGE (n)-[:LOCATED_IN]->(a)
  WITH n
  UNWIND CASE WHEN row.provides <> '' THEN split(row.provides, ';') ELSE [] END AS need
  MATCH (t:Need {id: need})
  MERGE (n)-[:PROVIDES]->(t)
} IN TRANSACTIONS OF 10000 ROWS;

LOAD CSV WITH HEADERS FROM $dir + 'networks.csv' AS row
CALL (row) {
  MERGE (n:Network {id: row.id})
  SET n = {
    id: row.id,
    name: row.name,
    kind: row.kind,
    valid_from: CASE WHEN row.valid_from <> '' THEN row.valid_from END,
    valid_to: CASE WHEN row.valid_to <> '' THEN row.valid_to END,
    source: CASE WHEN row.source <> '' THEN row.source END,
    verified_on: CASE WHEN row.verified_on <> '' THEN row.verified_on END
  }
  WITH n
  UNWIND CASE WHEN row.covers <> '' THEN split(row.covers, ';') ELSE [] END AS area
  MATCH (a:Area {id: area})
  MERGE (n)-[:COVERS]->(a)
} IN TRANSACTIONS OF 10000 ROWS;

LOAD CSV WITH HEADERS FROM $dir + 'memberships.csv' AS row
CALL (row) {
  MATCH (s:Organisation {id: row.organisation_id})
  MATCH (t:Network {id: row.network_id})
  MERGE (s)-[r:MEMBER_OF]->(t)
  SET r = {
    role: CASE WHEN row.role <> '' THEN row.role END,
    valid_from: CASE WHEN row.valid_from <> '' THEN row.valid_from END,
    valid_to: CASE WHEN row.valid_to <> '' THEN row.valid_to END,
    source: CASE WHEN row.source <> '' THEN row.source END,
    verified_on: CASE WHEN row.verified_on <> '' THEN row.verified_on END
  }
} IN TRANSACTIONS OF 10000 ROWS;

// Undirected: stored with the endpoints in sorted order, keyed by kind.
LOAD CSV WITH HEADERS FROM $dir + 'partnerships.csv' AS row
CALL (row) {
  WITH
    row,
    CASE WHEN row.source_id <= row.target_id THEN row.source_id ELSE row.target_id END AS a,
    CASE WHEN row.source_id <= row.target_id THEN row.target_id ELSE row.source_id END AS b
  MATCH (s:Organisation {id: a})
  MATCH (t:Organisation {id: b})
  MERGE (s)-[r:PARTNERS_WITH {kind: row.kind}]->(t)
  SET r = {
    kind: row.kind,
    since: CASE WHEN row.since <> '' THEN row.since END,
    valid_from: CASE WHEN row.valid_from <> '' THEN row.valid_from END,
    valid_to: CASE WHEN row.valid_to <> '' THEN row.valid_to END,
    source: CASE WHEN row.source <> '' THEN row.source END,
    verified_on: CASE WHEN row.verified_on <> '' THEN row.verified_on END
  }
} IN TRANSACTIONS OF 10000 ROWS;

LOAD CSV WITH HEADERS FROM $dir + 'activities.csv' AS row
CALL (row) {
  MERGE (n:Activity {id: row.id})
  SET n = {
    id: row.id,
    name: row.name,
    kind: row.kind,
    target_groups: CASE WHEN row.target_groups <> '' THEN split(row.target_groups, ';') END,
    capacity: toInteger(row.capacity),
    valid_from: CASE WHEN row.valid_from <> '' THEN row.valid_from END,
    valid_to: CASE WHEN row.valid_to <> '' THEN row.valid_to END,
    source: CASE WHEN row.source <> '' THEN row.source END,
    verified_on: CASE WHEN row.verified_on <> '' THEN row.verified_on END
  }
  WITH n
  MATCH (o:Organisation {id: row.organisation_id})
  MERGE (o)-[:RUNS]->(n)
  WITH n
  MATCH (a:Area {id: row.area_id})
  MERGE (n)-[:HELD_IN]->(a)
  WITH n
  UNWIND split(row.needs, ';') AS need
  MATCH (t:Need {id: need})
  MERGE (n)-[:ADDRESSES]->(t)
} IN TRANSACTIONS OF 10000 ROWS;

LOAD CSV WITH HEADERS FROM $dir + 'residents.csv' AS row
CALL (row) {
  MERGE (n:Resident {id: row.id})
  SET n = {
    id: row.id,
    age_band: CASE WHEN row.age_band <> '' THEN row.age_band END,
    valid_from: CASE WHEN row.valid_from <> '' THEN row.valid_from END,
    valid_to: CASE WHEN row.valid_to <> '' THEN row.valid_to END,
    source: CASE WHEN row.source <> '' THEN row.source END,
    verified_on: CASE WHEN row.verified_on <> '' THEN row.verified_on END
  }
  WITH n
  MATCH (a:Area {id: row.area_id})
  MERGE (n)-[:LIVES_IN]->(a)
  WITH n
  UNWIND split(row.needs, ';') AS need
  MATCH (t:Need {id: need})
  MERGE (n)-[:HAS_NEED]->(t)
} IN TRANSACTIONS OF 10000 ROWS;

LOAD CSV WITH HEADERS FROM $dir + 'participations.csv' AS row
CALL (row) {
  MATCH (s:Resident {id: row.resident_id})
  MATCH (t:Activity {id: row.activity_id})
  MERGE (s)-[r:PARTICIPATES_IN]->(t)
  SET r = {
    since: CASE WHEN row.since <> '' THEN row.since END,
    valid_from: CASE WHEN row.valid_from <> '' THEN row.valid_from END,
    valid_to: CASE WHEN row.valid_to <> '' THEN row.valid_to END,
    source: CASE WHEN row.source <> '' THEN row.source END,
    verified_on: CASE WHEN row.verified_on <> '' THEN row.verified_on END
  }
} IN TRANSACTIONS OF 10000 ROWS;

// TO names an organisation or an activity; CONCERNS only when a resident is given.
LOAD CSV WITH HEADERS FROM $dir + 'referrals.csv' AS row
CALL (row) {
  MERGE (n:Referral {id: row.id})
  SET n = {
    id: row.id,
    date: row.date,
    status: CASE WHEN row.status <> '' THEN row.status END,
    source: CASE WHEN row.source <> '' THEN row.source END,
    verified_on: CASE WHEN row.verified_on <> '' THEN row.verified_on END
  }
  WITH n
  MATCH (f:Organisation {id: row.from_id})
  MERGE (n)-[:FROM]->(f)
  WITH n
  CALL (n, row) {
    MATCH (t:Organisation {id: row.to_id})
    MERGE (n)-[:TO]->(t)
  }
  CALL (n, row) {
    MATCH (t:Activity {id: row.to_id})
    MERGE (n)-[:TO]->(t)
  }
  CALL (n, row) {
    MATCH (p:Resident {id: row.resident_id})
    MERGE (n)-[:CONCERNS]->(p)
  }
  MATCH (t:Need {id: row.need})
  MERGE (n)-[:ABOUT]->(t)
} IN TRANSACTIONS OF 10000 ROWS;

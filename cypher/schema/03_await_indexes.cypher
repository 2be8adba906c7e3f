// Wait until every index and constraint is online before writing (MERGE needs them).
CALL db.awaitIndexes(300);

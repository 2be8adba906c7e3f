// Which of $ids exist, with their label (importers check references against the store).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Area {id: id})
  RETURN 'Area' AS label
  UNION ALL
  MATCH (n:Organisation {id: id})
  RETURN 'Organisation' AS label
  UNION ALL
  MATCH (n:Network {id: id})
  RETURN 'Network' AS label
  UNION ALL
  MATCH (n:Activity {id: id})
  RETURN 'Activity' AS label
  UNION ALL
  MATCH (n:Resident {id: id})
  RETURN 'Resident' AS label
  UNION ALL
  MATCH (n:Need {id: id})
  RETURN 'Need' AS label
  UNION ALL
  MATCH (n:Referral {id: id})
  RETURN 'Referral' AS label
}
RETURN id, label

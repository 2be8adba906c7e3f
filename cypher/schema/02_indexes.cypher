// Indexes for the properties analyses and the Browser queries filter on.
CREATE INDEX area_level IF NOT EXISTS FOR (n:Area) ON (n.level);
CREATE INDEX organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind);
CREATE INDEX network_kind IF NOT EXISTS FOR (n:Network) ON (n.kind);
CREATE INDEX activity_kind IF NOT EXISTS FOR (n:Activity) ON (n.kind);
CREATE INDEX referral_date IF NOT EXISTS FOR (n:Referral) ON (n.date);
CREATE INDEX referral_status IF NOT EXISTS FOR (n:Referral) ON (n.status);
CREATE INDEX partners_with_kind IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() ON (r.kind);

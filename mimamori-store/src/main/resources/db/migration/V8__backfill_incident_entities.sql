-- Incidents opened before V6 have no grouping entities; give the open ones those of their alerts'
-- source addresses and rules, so alerts after an upgrade still join them.
INSERT INTO incident_entities (incident_id, tenant_id, asset, entity)
  SELECT DISTINCT a.incident_id, a.tenant_id, i.asset, 'ip:' || a.source_ip
  FROM alerts a JOIN incidents i ON i.id = a.incident_id
  WHERE a.source_ip IS NOT NULL AND i.status NOT IN ('resolved', 'false_positive')
ON CONFLICT (incident_id, entity) DO NOTHING;
INSERT INTO incident_entities (incident_id, tenant_id, asset, entity)
  SELECT DISTINCT a.incident_id, a.tenant_id, i.asset, 'rule:' || a.rule_id
  FROM alerts a JOIN incidents i ON i.id = a.incident_id
  WHERE i.status NOT IN ('resolved', 'false_positive')
ON CONFLICT (incident_id, entity) DO NOTHING;
UPDATE incidents SET entity_count = (SELECT COUNT(*) FROM incident_entities e WHERE e.incident_id = incidents.id);

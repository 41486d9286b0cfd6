-- Lets the response metrics read only the incidents written since their
-- last read (store.IncidentFilter.UpdatedSince).
CREATE INDEX incidents_updated ON incidents (updated_at);

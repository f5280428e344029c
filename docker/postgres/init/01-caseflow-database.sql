-- Runs once, when the PostgreSQL volume is empty (docker-entrypoint-initdb.d).
-- Temporal's databases (`temporal`, `temporal_visibility`) are created by the temporal-schema service; Caseflow's read
-- model and admin data live apart from them, in `caseflow`. Its tables come from Caseflow's migrations
-- (the `caseflow-migrate` service), never from this script.
CREATE DATABASE caseflow;

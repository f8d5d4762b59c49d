-- Trigram matching for fuzzy search of names and codes (locations, organisations).
-- gen_random_uuid() is built into PostgreSQL 13+, so no pgcrypto is needed.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

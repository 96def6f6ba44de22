-- Run once by the postgres image on an empty volume: the tracker store's database
-- (the case store's, triagebot_cases, is POSTGRES_DB).
CREATE DATABASE triagebot_tracker OWNER triagebot;

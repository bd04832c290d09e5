#!/bin/sh
# Run once by the postgres image on an empty volume (/docker-entrypoint-initdb.d): the services
# connect as an owner role that is not a superuser; Grafana as a login in gengap_reader, which the
# schema's migration V4 grants SELECT on the science tables and nothing else.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_user="$GENGAP_APP_USER" -v app_password="$GENGAP_APP_PASSWORD" \
  -v reader_user="$GENGAP_READER_USER" -v reader_password="$GENGAP_READER_PASSWORD" <<'SQL'
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
ALTER DATABASE :"POSTGRES_DB" OWNER TO :"app_user";
ALTER SCHEMA public OWNER TO :"app_user";
CREATE ROLE gengap_reader NOLOGIN;
CREATE ROLE :"reader_user" LOGIN PASSWORD :'reader_password' IN ROLE gengap_reader;
SQL

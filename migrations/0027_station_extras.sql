-- Station appearance extras of the seed's Station Configuration dialog
-- (seed 001, "Station Configuration - Agent420HD": tabs Call Forwarding,
-- Licensing, Station Options; field Auto Conference PIN), and the licenses
-- the Assistant could not allocate ("Some or all licenses could not be
-- allocated to each station appearance"), which wait on the License
-- Allocation page.
ALTER TABLE stations ADD COLUMN auto_conference_pin TEXT NOT NULL DEFAULT '';
ALTER TABLE stations ADD COLUMN call_forwarding TEXT NOT NULL DEFAULT '{}';
ALTER TABLE stations ADD COLUMN station_options TEXT NOT NULL DEFAULT '{}';
-- Licenses asked for and not held: a JSON array of pool names.
ALTER TABLE stations ADD COLUMN licenses_missing TEXT NOT NULL
    DEFAULT '[]';
CREATE INDEX stations_licenses_missing ON stations(id)
    WHERE licenses_missing <> '[]';

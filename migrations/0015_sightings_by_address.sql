-- Provisional phones are bounded per client address (a MAC in a made-up
-- User-Agent must not add rows without limit): the count of one address's
-- sightings is asked at every new MAC.
CREATE INDEX phone_sightings_address ON phone_sightings (client_address);

-- The phone catalog: manufacturers, models and firmware, from the Managed IP
-- Phones Administrator Guide (seed 001): "Firmware for supported phones",
-- "Firmware for End of Life (EOL) phones", "Polycom firmware history",
-- "Interaction SIP Station I and II Firmware", "AudioCodes and Genesys
-- Firmware for Supported Phones", "Supported languages for Polycom phones".
-- Reference data: read-only in the UI and API.

CREATE TABLE manufacturers (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	mac_prefixes	TEXT NOT NULL	-- comma separated, "00:04:f2,64:16:7f"
);

CREATE TABLE phone_models (
	id			INTEGER PRIMARY KEY,
	manufacturer_id		INTEGER NOT NULL REFERENCES manufacturers(id),
	name			TEXT NOT NULL,
	-- lower case letters and digits only: "VVX 410" = "VVX410" = "vvx_410"
	match_key		TEXT NOT NULL,
	family			TEXT NOT NULL CHECK (family IN
				    ('polycom', 'iss1', 'iss2', 'softphone', 'audiocodes')),
	phone_type		TEXT NOT NULL,	-- Desktop, Conference, Wi-Fi, Soft phone
	eol			INTEGER NOT NULL DEFAULT 0,
	srtp			INTEGER NOT NULL DEFAULT 1,
	selectable_firmware	INTEGER NOT NULL DEFAULT 1,
	standalone_allowed	INTEGER NOT NULL DEFAULT 1,
	max_registrations	INTEGER NOT NULL DEFAULT 0,	-- 0: no limit
	address_kind		TEXT NOT NULL DEFAULT 'mac'
				CHECK (address_kind IN ('mac', 'computer_name')),
	firmware_image		TEXT NOT NULL DEFAULT '',
	languages		TEXT NOT NULL DEFAULT 'English, United States',
	UNIQUE (manufacturer_id, match_key)
);

CREATE TABLE firmware_versions (
	id		INTEGER PRIMARY KEY,
	family		TEXT NOT NULL,
	version		TEXT NOT NULL,
	status		TEXT NOT NULL CHECK (status IN ('supported', 'eol', 'history')),
	released_in	TEXT NOT NULL DEFAULT '',
	note		TEXT NOT NULL DEFAULT '',
	sort_order	INTEGER NOT NULL,
	UNIQUE (family, version)
);

CREATE TABLE model_firmware (
	model_id	INTEGER NOT NULL REFERENCES phone_models(id),
	firmware_id	INTEGER NOT NULL REFERENCES firmware_versions(id),
	PRIMARY KEY (model_id, firmware_id)
);

INSERT INTO manufacturers (id, name, mac_prefixes) VALUES
	(1, 'AudioCodes', '00:90:8f'),
	(2, 'Genesys', '00:90:8f'),
	(3, 'ININ', '00:26:fd'),
	(4, 'Polycom', '00:04:f2,64:16:7f,48:25:67');

-- Polycom: all known languages as of 3.2.5c; restrictions applied below.
CREATE TEMP TABLE poly (name TEXT, phone_type TEXT, eol INTEGER, srtp INTEGER);
INSERT INTO poly VALUES
	('VVX 101', 'Desktop', 0, 1), ('VVX 150', 'Desktop', 0, 1),
	('VVX 201', 'Desktop', 0, 1), ('VVX 250', 'Desktop', 0, 1),
	('VVX 300', 'Desktop', 0, 1), ('VVX 301', 'Desktop', 0, 1),
	('VVX 310', 'Desktop', 0, 1), ('VVX 311', 'Desktop', 0, 1),
	('VVX 350', 'Desktop', 0, 1), ('VVX 400', 'Desktop', 0, 1),
	('VVX 401', 'Desktop', 0, 1), ('VVX 410', 'Desktop', 0, 1),
	('VVX 411', 'Desktop', 0, 1), ('VVX 450', 'Desktop', 0, 1),
	('VVX 500', 'Desktop', 0, 1), ('VVX 501', 'Desktop', 0, 1),
	('VVX 600', 'Desktop', 0, 1), ('VVX 601', 'Desktop', 0, 1),
	('VVX D60', 'Desktop', 0, 1),
	('Trio 8500', 'Conference', 0, 1), ('Trio 8800', 'Conference', 0, 1),
	('IP321', 'Desktop', 0, 1), ('IP331', 'Desktop', 0, 1),
	('IP335', 'Desktop', 0, 1), ('IP450', 'Desktop', 0, 1),
	('IP550', 'Desktop', 0, 1), ('IP560', 'Desktop', 0, 1),
	('IP650', 'Desktop', 0, 1), ('IP670', 'Desktop', 0, 1),
	('IP5000', 'Conference', 0, 1), ('IP6000', 'Conference', 0, 1),
	('IP7000', 'Conference', 0, 1),
	-- End of Life
	('SpectraLink SL8440', 'Wi-Fi', 1, 1), ('SpectraLink SL8450', 'Wi-Fi', 1, 1),
	('IP320', 'Desktop', 1, 1), ('IP330', 'Desktop', 1, 1),
	('IP430', 'Desktop', 1, 1),
	('IP301', 'Desktop', 1, 0), ('IP501', 'Desktop', 1, 0),
	('IP600', 'Desktop', 1, 0), ('IP601', 'Desktop', 1, 0),
	('IP4000', 'Conference', 1, 1),
	('IP300', 'Desktop', 1, 0), ('IP500', 'Desktop', 1, 0);

INSERT INTO phone_models (manufacturer_id, name, match_key, family,
    phone_type, eol, srtp, languages)
SELECT 4, name, lower(replace(replace(replace(name, ' ', ''), '_', ''), '-', '')),
    'polycom', phone_type, eol, srtp,
    CASE
    WHEN name = 'IP301' THEN 'English, United States'
    WHEN name IN ('IP450', 'IP550', 'IP560', 'IP650', 'IP670', 'IP6000', 'IP7000')
	OR name LIKE 'VVX%' OR name LIKE 'Trio%' THEN
	'Chinese, China;Danish, Denmark;Dutch, Netherlands;English, Canada;' ||
	'English, United Kingdom;English, United States;French, France;' ||
	'German, Germany;Italian, Italy;Japanese, Japan;Korean, Korea;' ||
	'Norwegian, Norway;Polish, Poland;Portuguese, Portugal;Russian, Russia;' ||
	'Slovenian, Slovenia;Spanish, Spain;Swedish, Sweden'
    WHEN name = 'IP4000' THEN
	'Danish, Denmark;Dutch, Netherlands;English, Canada;' ||
	'English, United Kingdom;English, United States;French, France;' ||
	'German, Germany;Italian, Italy;Norwegian, Norway;Polish, Poland;' ||
	'Portuguese, Portugal;Russian, Russia;Spanish, Spain;Swedish, Sweden'
    ELSE
	'Danish, Denmark;Dutch, Netherlands;English, Canada;' ||
	'English, United Kingdom;English, United States;French, France;' ||
	'German, Germany;Italian, Italy;Norwegian, Norway;Polish, Poland;' ||
	'Portuguese, Portugal;Russian, Russia;Slovenian, Slovenia;' ||
	'Spanish, Spain;Swedish, Sweden'
    END
FROM poly;

-- ININ: Interaction SIP Station I and II take a single registration (lifted
-- by firmware 2.2.2.77 or newer) and cannot be Stand-alone phones; the SIP
-- Soft Phone is addressed by its full computer name.
INSERT INTO phone_models (manufacturer_id, name, match_key, family,
    phone_type, standalone_allowed, max_registrations, address_kind,
    firmware_image, selectable_firmware) VALUES
	(3, 'Interaction SIP Station', 'interactionsipstation', 'iss1',
	    'Desktop', 0, 1, 'mac', 'sip100.img', 1),
	(3, 'Interaction SIP Station II', 'interactionsipstationii', 'iss2',
	    'Desktop', 0, 1, 'mac', 'sip200.img', 1),
	(3, 'Soft Phone', 'softphone', 'softphone', 'Soft phone', 1, 0,
	    'computer_name', '', 0);

-- AudioCodes and Genesys: a single registration.
INSERT INTO phone_models (manufacturer_id, name, match_key, family,
    phone_type, max_registrations, firmware_image) VALUES
	(1, '405', '405', 'audiocodes', 'Desktop', 1, '405.img'),
	(1, '405HD', '405hd', 'audiocodes', 'Desktop', 1, '405HD.img'),
	(1, '420HD', '420hd', 'audiocodes', 'Desktop', 1, '420HD.img'),
	(1, '430HD', '430hd', 'audiocodes', 'Desktop', 1, '430HD.img'),
	(1, '440HD', '440hd', 'audiocodes', 'Desktop', 1, '440HD.img'),
	(2, '405', '405', 'audiocodes', 'Desktop', 1, '405.img'),
	(2, '405HD', '405hd', 'audiocodes', 'Desktop', 1, '405HD.img'),
	(2, '420HD', '420hd', 'audiocodes', 'Desktop', 1, '420HD.img');

-- Firmware. sort_order: newest first within a family.
INSERT INTO firmware_versions (family, version, status, released_in, note,
    sort_order) VALUES
	('polycom', '6.4.5.1251', 'supported', '2023r3; 2023r2 Patch 5; 2023r1 Patch 13; 2022r3 Patch 17; 2022r2 Patch 24; 2022r1 Patch 32; 2021r4 Patch 38', 'for New Hardware Revision', 1),
	('polycom', '6.4.5.1210', 'supported', '2023r3; 2023r2 Patch 5; 2023r1 Patch 13; 2022r3 Patch 17; 2022r2 Patch 24; 2022r1 Patch 32; 2021r4 Patch 38', 'for Legacy Hardware Revision', 2),
	('polycom', '5.9.7.4477 Rev F', 'supported', '2023r3; 2023r2 Patch 3; 2023r1 Patch 11; 2022r3 Patch 15; 2022r2 Patch 22; 2022r1 Patch 30; 2021r4 Patch 37', '', 3),
	('polycom', '5.9.6.3432', 'supported', '2023r3; 2023r2 Patch 3; 2023r1 Patch 11; 2022r3 Patch 15; 2022r2 Patch 22; 2022r1 Patch 30; 2021r4 Patch 37', '', 4),
	('polycom', '5.9.6.2327', 'supported', '2020 R3; 2020 R2 Patch 4; 2020 R1 Patch 10; 2019 R4 Patch 16; 2019 R3 Patch 22; 2019 R2 Patch 29; 2019 R1 Patch 35', 'Fixes the XSS and CSRF vulnerabilities', 5),
	('polycom', '5.9.3.2857 Rev G', 'supported', '2019 R4; 2019 R3 Patch 4; 2019 R2 Patch 11; 2019 R1 Patch 17; 2018 R5 Patch 23; 2018 R4 Patch 29; 2018 R3 Patch 35', 'Fixes the UCS remote code execution vulnerability', 6),
	('polycom', '5.9.0 Rev AD', 'supported', '2019 R4; 2019 R3 Patch 4; 2019 R2 Patch 11; 2019 R1 Patch 17; 2018 R5 Patch 23; 2018 R4 Patch 29; 2018 R3 Patch 35', 'Trio 8800 voicemail issue: set One Touch Voicemail to No', 7),
	('polycom', '5.8.0', 'supported', '2018 R5; 2018 R4 Patch3; 2018 R3 Patch10; 2018 R2 Patch16; 2018 R1 Patch23; 2017 R4 Patch29; 2017 R3 Patch36', 'With support of VVX D60 wireless handset pairing', 8),
	('polycom', '5.5.4', 'supported', '2018 R4; 2018 R3 Patch5; 2018 R2 Patch11; 2018 R1 Patch18; 2017 R4 Patch24; 2017 R3 Patch31; 2017 R2 Patch36', '', 9),
	('polycom', '5.4.5G', 'supported', '2017 R3; 2017 R2 Patch6; 2017 R1 Patch12; 2016 R4 Patch17; 2016 R4 Patch15 + ES; 2016 R3 Patch23; 2016 R2 Patch23; 2016 R1 Patch27', '', 10),
	('polycom', '5.4.3.2036', 'history', '2017 R1 Patch 1 and later; 2016 R4 Patch 6 and Patch 7; 2016 R3 Patch 13; 2016 R2 Patch 18; 2016 R1 Patch 22; 2015 R4 Patch 22; 2015 R3 Patch 25; 2015 R3 Patch 24 + ES', 'Required for new phones after June 2016 with MAC address range of 64:16:7f', 11),
	('polycom', '5.4.3.1014', 'history', '2016 R3 Patch 6; 2016 R2 Patch 11; 2016 R1 Patch 17; 2015 R4 Patch 19; 2015 R3 Patch 23; 2015 R2 Patch 24 + IC-138829', 'Use 5.4.3.2036 instead', 12),
	('polycom', '5.4.0a', 'history', '2016 R4', 'Use 5.4.3.2036 instead', 13),
	('polycom', '5.2.2', 'supported', '2015 R2 Patch8; 2015 R3 Patch2', 'Default for VVX phones', 14),
	('polycom', '4.1.6h', 'supported', 'SU6; SU5-ES; SU4-ES', '', 15),
	('polycom', '4.0.15.1009', 'supported', '2020 R3; 2020 R2 Patch 4; 2020 R1 Patch 10; 2019 R4 Patch 16; 2019 R3 Patch 22; 2019 R2 Patch 29; 2019 R1 Patch 35', 'Fixes the XSS and CSRF vulnerabilities', 16),
	('polycom', '4.0.14.1580', 'supported', '2019 R4; 2019 R3 Patch 4; 2019 R2 Patch 11; 2019 R1 Patch 17; 2018 R5 Patch 23; 2018 R4 Patch 29; 2018 R3 Patch 35', 'Fixes the UCS remote code execution vulnerability', 17),
	('polycom', '4.0.8.2058.I', 'supported', '2017 R1 Patch1; 2016 R4 Patch5 and Patch6; 2016 R3 Patch12; 2016 R2 Patch17; 2016 R1 Patch22; 2015 R4 Patch22; 2015 R3 Patch25; 2015 R3 Patch24 + ES', 'Required for new phones after June 2016 with MAC address range of 64:16:7f', 18),
	('polycom', '4.0.8.1972.H', 'history', '2016 R3 Patch 6; 2016 R2 Patch 11; 2016 R1 Patch 17; 2015 R4 Patch 19; 2015 R3 Patch 23; 2015 R2 Patch 24 + IC-138829', 'Use 4.0.8.2058.I instead', 19),
	('polycom', '4.0.8c', 'supported', '2015 R2 Patch8; 2015 R3 Patch2', '', 20),
	('polycom', '4.0.2b', 'eol', '', 'SpectraLink Wi-Fi phones', 21),
	('polycom', '4.0.1b', 'supported', 'SU3', '', 22),
	('polycom', '3.3.2', 'supported', '2020 R2; 2019 R3 Patch 14; 2020 R1 Patch 2; 2019R4 Patch 8; 2019 R3 Patch 16', '', 23),
	('polycom', '3.2.7', 'supported', 'SU4', 'Last firmware for the EOL IP320, IP330, IP430', 24),
	('polycom', '3.1.6', 'eol', '', 'Except for the IP4000, does not support SRTP', 25),
	('polycom', '2.1.4', 'eol', '', 'Does not support SRTP, DND syncing, idle screen configuration, or voice-quality monitoring', 26),
	('iss', '2.2.2.77', 'supported', '2016 R1', 'Removes the single-registration constraint', 1),
	('iss', '2.0.4.15.7', 'supported', '2015 R2', 'DNS SRV support for Interaction SIP Station I and II', 2),
	('iss', '1.2.2_p10_build_17', 'history', 'CIC 4.0 SU 4 to SU 6; 2015 R1', 'DNS SRV support for Interaction SIP Station I', 3),
	('audiocodes', '2.2.16.643', 'supported', '2023r3; 2023r2 Patch 6; 2023r1 Patch 14; 2022r3 Patch 18; 2022r2 Patch 25; 2022r1 Patch 33; 2021r4 Patch 39', '', 1),
	('audiocodes', '2.2.16.408', 'supported', '2020 R4; 2020 R3 Patch 2; 2020 R2 Patch 8; 2020 R1 Patch 14; 2019 R4 Patch 21; 2019 R3 Patch 27', '', 2),
	('audiocodes', '2.2.16.142.41', 'supported', '2019 R3; 2019 R2 Patch 4; 2019 R1 Patch 10; 2018 R5 Patch 16; 2018 R4 Patch 22; 2018 R3 Patch 29; 2018 R2 Patch 35', '', 3),
	('audiocodes', '2.2.16.142', 'supported', '2018 R5 Patch 5; 2018 R4 Patch 11; 2018 R3 Patch 18; 2018 R2 Patch 24; 2018 R1 Patch 31; 2017 R4 Patch 37', '', 4),
	('audiocodes', '2.2.8.61', 'supported', '2017 R2', '', 5),
	('audiocodes', '2.2.277.2.3', 'supported', 'IC 4.0 SU 6', 'DNS SRV support', 6),
	('audiocodes', '2.0.0.18_6', 'supported', 'IC 4.0 SU 5', '', 7);

-- Which model runs which firmware, as the tables list them.
CREATE TEMP TABLE fw_models (version TEXT, family TEXT, models TEXT);
INSERT INTO fw_models VALUES
	('6.4.5.1251', 'polycom', 'VVX 250,VVX 350,VVX 450'),
	('6.4.5.1210', 'polycom', 'VVX 250,VVX 350,VVX 450,VVX 101,VVX 150,VVX 201,VVX 301,VVX 311,VVX 401,VVX 411,VVX 501,VVX 601'),
	('5.9.7.4477 Rev F', 'polycom', 'VVX D60,VVX 101,VVX 201,VVX 150,VVX 250,VVX 300,VVX 301,VVX 310,VVX 311,VVX 350,VVX 400,VVX 401,VVX 410,VVX 411,VVX 450,VVX 500,VVX 501,VVX 600,VVX 601'),
	('5.9.6.3432', 'polycom', 'Trio 8500'),
	('5.9.6.2327', 'polycom', 'VVX D60,VVX 101,VVX 150,VVX 201,VVX 250,VVX 300,VVX 301,VVX 310,VVX 311,VVX 350,VVX 400,VVX 401,VVX 410,VVX 411,VVX 450,VVX 500,VVX 501,VVX 600,VVX 601'),
	('5.9.3.2857 Rev G', 'polycom', 'VVX 101,VVX 150,VVX 201,VVX 250,VVX 300,VVX 301,VVX 310,VVX 311,VVX 350,VVX 400,VVX 401,VVX 410,VVX 411,VVX 450,VVX 500,VVX 501,VVX 600,VVX 601'),
	('5.9.0 Rev AD', 'polycom', 'Trio 8500,Trio 8800'),
	('5.8.0', 'polycom', 'VVX 101,VVX 201,VVX 300,VVX 301,VVX 310,VVX 311,VVX 400,VVX 401,VVX 410,VVX 411,VVX 500,VVX 501,VVX 600,VVX 601,VVX D60'),
	('5.5.4', 'polycom', 'Trio 8500,Trio 8800'),
	('5.4.5G', 'polycom', 'VVX 101,VVX 201,VVX 300,VVX 301,VVX 310,VVX 311,VVX 400,VVX 401,VVX 410,VVX 411,VVX 500,VVX 501,VVX 600,VVX 601'),
	('5.4.3.2036', 'polycom', 'VVX 101,VVX 201,VVX 300,VVX 301,VVX 310,VVX 311,VVX 400,VVX 401,VVX 410,VVX 411,VVX 500,VVX 501,VVX 600,VVX 601'),
	('5.4.3.1014', 'polycom', 'VVX 300,VVX 301,VVX 310,VVX 311,VVX 400,VVX 401,VVX 410,VVX 411,VVX 500,VVX 501,VVX 600,VVX 601'),
	('5.4.0a', 'polycom', 'VVX 101,VVX 201'),
	('5.2.2', 'polycom', 'VVX 300,VVX 310,VVX 400,VVX 410,VVX 500,VVX 600'),
	('4.1.6h', 'polycom', 'VVX 300,VVX 310,VVX 400,VVX 410,VVX 500,VVX 600'),
	('4.0.15.1009', 'polycom', 'IP321,IP331,IP335,IP450,IP550,IP560,IP650,IP670,IP6000,IP7000'),
	('4.0.14.1580', 'polycom', 'IP321,IP331,IP335,IP450,IP550,IP560,IP650,IP670,IP6000,IP7000'),
	('4.0.8.2058.I', 'polycom', 'IP321,IP331,IP335,IP450,IP550,IP560,IP650,IP670,IP6000,IP7000'),
	('4.0.8.1972.H', 'polycom', 'IP321,IP331,IP335,IP450,IP550,IP560,IP650,IP670,IP6000,IP7000'),
	('4.0.8c', 'polycom', 'IP321,IP331,IP335,IP450,IP550,IP560,IP650,IP670,IP5000,IP6000,IP7000'),
	('4.0.2b', 'polycom', 'SpectraLink SL8440,SpectraLink SL8450'),
	('4.0.1b', 'polycom', 'IP321,IP331,IP335,IP450,IP550,IP560,IP650,IP670,IP5000,IP6000,IP7000'),
	('3.3.2', 'polycom', 'IP5000,IP335,IP321,IP331,IP450,IP550,IP560,IP650,IP670,IP6000,IP7000'),
	('3.2.7', 'polycom', 'IP331,IP321,IP335,IP450,IP550,IP560,IP650,IP670,IP5000,IP6000,IP7000,IP320,IP330,IP430'),
	('3.1.6', 'polycom', 'IP301,IP501,IP600,IP601,IP4000'),
	('2.1.4', 'polycom', 'IP300,IP500'),
	('2.2.2.77', 'iss', 'Interaction SIP Station,Interaction SIP Station II'),
	('2.0.4.15.7', 'iss', 'Interaction SIP Station,Interaction SIP Station II'),
	('1.2.2_p10_build_17', 'iss', 'Interaction SIP Station'),
	('2.2.16.643', 'audiocodes', '405,405HD,420HD,430HD,440HD'),
	('2.2.16.408', 'audiocodes', '405,405HD,420HD,430HD,440HD'),
	('2.2.16.142.41', 'audiocodes', '405,405HD,420HD,430HD,440HD'),
	('2.2.16.142', 'audiocodes', '405,405HD,420HD,430HD,440HD'),
	('2.2.8.61', 'audiocodes', '420HD'),
	('2.2.277.2.3', 'audiocodes', '420HD'),
	('2.0.0.18_6', 'audiocodes', '420HD');

WITH RECURSIVE split(version, family, model, rest) AS (
	SELECT version, family, '', models || ',' FROM fw_models
	UNION ALL
	SELECT version, family, substr(rest, 1, instr(rest, ',') - 1),
	    substr(rest, instr(rest, ',') + 1)
	FROM split WHERE rest <> ''
)
INSERT OR IGNORE INTO model_firmware (model_id, firmware_id)
SELECT m.id, f.id FROM split s
JOIN firmware_versions f ON f.version = s.version AND f.family = s.family
JOIN phone_models m ON m.name = s.model AND (
	(s.family = 'polycom' AND m.family = 'polycom') OR
	(s.family = 'iss' AND m.family IN ('iss1', 'iss2')) OR
	(s.family = 'audiocodes' AND m.family = 'audiocodes'))
WHERE s.model <> '';

DROP TABLE poly;
DROP TABLE fw_models;

-- The Genesys 430HD and 440HD, as the seed's DHCP table names them
-- (option 067: "430hd.img AudioCodes 430HD, Genesys 430HD", "440hd.img
-- AudioCodes 440HD, Genesys 440HD"): the same family and image as
-- AudioCodes', a single registration.
INSERT INTO phone_models (manufacturer_id, name, match_key, family,
    phone_type, max_registrations, firmware_image) VALUES
	(2, '430HD', '430hd', 'audiocodes', 'Desktop', 1, '430HD.img'),
	(2, '440HD', '440hd', 'audiocodes', 'Desktop', 1, '440HD.img');

-- The Genesys 430HD and 440HD (0024) take the firmware the AudioCodes
-- models of the same name take: the seed's table lists one build for
-- "AudioCodes and Genesys" phones. Without these rows no image could be
-- uploaded or selected for them.
INSERT OR IGNORE INTO model_firmware (model_id, firmware_id)
SELECT g.id, mf.firmware_id
FROM phone_models g
JOIN manufacturers gm ON gm.id = g.manufacturer_id AND gm.name = 'Genesys'
JOIN phone_models a ON a.name = g.name AND a.family = 'audiocodes'
JOIN manufacturers am ON am.id = a.manufacturer_id AND am.name = 'AudioCodes'
JOIN model_firmware mf ON mf.model_id = a.id
WHERE g.name IN ('430HD', '440HD');

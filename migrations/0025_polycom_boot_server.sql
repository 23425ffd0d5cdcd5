-- Polycom's Boot Server advanced options as the seed names them (issue 20):
-- "Boot Server Type" is now where the phone looks (Custom and Option 66,
-- Option 66, Custom, Static), "Boot Server Option" the DHCP option number
-- of Custom (160 by default). Before, the type held the protocol (HTTP,
-- HTTPS, FTP, TFTP: now the Provisioning URL's scheme) and the option the
-- choice. A saved choice carries over; "Option 160" is Custom with 160.
UPDATE phones SET advanced_options = json_set(json_remove(advanced_options,
    '$.boot_server_option'), '$.boot_server_type',
    CASE json_extract(advanced_options, '$.boot_server_option')
	WHEN 'Option 66' THEN 'Option 66'
	WHEN 'Custom' THEN 'Custom'
	WHEN 'Option 160' THEN 'Custom'
	ELSE 'Custom and Option 66' END, '$.boot_server_option', 160)
WHERE json_type(advanced_options, '$.boot_server_type') IS NOT NULL;
UPDATE templates SET advanced_options = json_set(
    json_remove(advanced_options, '$.boot_server_option'),
    '$.boot_server_type',
    CASE json_extract(advanced_options, '$.boot_server_option')
	WHEN 'Option 66' THEN 'Option 66'
	WHEN 'Custom' THEN 'Custom'
	WHEN 'Option 160' THEN 'Custom'
	ELSE 'Custom and Option 66' END, '$.boot_server_option', 160)
WHERE json_type(advanced_options, '$.boot_server_type') IS NOT NULL;

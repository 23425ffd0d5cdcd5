-- The seed's default SIP lines listen where Interaction Center's stations
-- lines do: <Stations-UDP> on 8060 and <Stations-TLS> on 8061 (seed 001,
-- the DNS SRV records of the voice network). A line an admin has moved to
-- another port keeps it.
UPDATE sip_lines SET port = 8060, updated_at = strftime('%s', 'now')
    WHERE id = 1 AND permanent = 1 AND transport = 'UDP' AND port = 5060;
UPDATE sip_lines SET port = 8061, updated_at = strftime('%s', 'now')
    WHERE id = 2 AND permanent = 1 AND transport = 'TLS' AND port = 5061;

/* Switchboard — which records can adopt a provisional phone. */
#include "adoption.h"

#include <string.h>

#include "../../db/phone_store.h"
#include "../phones/catalog.h"

int
adoption_check(struct db *db, const char *mac, const char *seen_manufacturer,
    int64_t phone_id, struct refusals *rs)
{
	json_t *p = phone_id > 0 ? phone_store_get(db, phone_id) : NULL;
	const char *name, *man, *model, *address;
	char key[CATALOG_KEY_MAX];
	struct catalog_model m;
	int rc = -1;

	if (p == NULL)
		return refuse(rs, "invalid_field", "phone_id", "Choose the "
		    "managed IP phone to give this MAC to.");
	name = json_string_value(json_object_get(p, "name"));
	man = json_string_value(json_object_get(p, "manufacturer"));
	model = json_string_value(json_object_get(p, "model"));
	address = json_string_value(json_object_get(p, "address"));
	if (catalog_match_key(model, key) != 0 || catalog_store_find_model(db,
	    man, key, &m) != DB_OK)
		refuse(rs, "invalid_field", "phone_id", "%s has a model the "
		    "catalog does not know.", name);
	else if (strchr(mac, ':') == NULL && strcmp(m.address_kind,
	    "computer_name") != 0)
		refuse(rs, "invalid_field", "phone_id", "%s is a %s: it is "
		    "found by its MAC address; %s is a SIP Soft Phone's "
		    "computer name.", name, m.name, mac);
	else if (strchr(mac, ':') && strcmp(m.address_kind, "mac") != 0)
		refuse(rs, "invalid_field", "phone_id", "%s is a %s: it is "
		    "found by its computer name, not a MAC address.", name,
		    m.name);
	else if (address && *address)
		refuse(rs, "has_address", "phone_id", "%s has the address %s "
		    "already; choose a phone that has none (Not provisioned).",
		    name, address);
	else if (strchr(mac, ':') && !mac_prefix_matches(mac, m.mac_prefixes))
		refuse(rs, "invalid_field", "phone_id", "%s is a %s %s, whose "
		    "MAC addresses start with %s; %s does not.", name,
		    m.manufacturer, m.name, m.mac_prefixes, mac);
	else if (seen_manufacturer && *seen_manufacturer &&
	    strcasecmp(seen_manufacturer, m.manufacturer) != 0)
		refuse(rs, "invalid_field", "phone_id", "This phone says it is "
		    "made by %s; %s is a %s %s.", seen_manufacturer, name,
		    m.manufacturer, m.name);
	else
		rc = 0;
	json_decref(p);
	return rc;
}

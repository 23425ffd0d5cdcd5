/* Switchboard — the rules of third-party SIP devices (seed 000): a device
 * is tracked under the generic hardware model, bound to a user and a
 * phone number, with the program's technical requirements recorded as a
 * checklist; the regions' border proxies, the customer's data handlers,
 * the part's settings and the device list's columns. Plain data in,
 * refusals out: that a number is taken is the caller's to find. */
#ifndef SB_SIP_DEVICE_RULES_H
#define SB_SIP_DEVICE_RULES_H

#include <jansson.h>

#include "../lib/csv_list.h"
#include "../lib/refusal.h"

#define SIP_HARDWARE_MODEL	"Generic SIP Device"
#define SIP_REQUIREMENTS	6

/* The program's technical requirements, in the seed's order: key (the
 * API's name under "requirements"), column (the store's and the list's
 * header) and what the seed asks. */
struct sip_requirement {
	const char	*key;
	const char	*column;
	const char	*label;
};
extern const struct sip_requirement sip_requirements[SIP_REQUIREMENTS];

/* What the seed says for a device that fails a requirement. */
#define SIP_REQUIREMENTS_FIRM "The minimum requirements for connecting " \
	"third party SIP devices are firm. If a device cannot meet them, " \
	"work with the provider on an alternative solution."

/* The seed's lists, for the page: what is supported, what is not. */
json_t	*sip_program_json(void);

/* A device from body over stored (NULL when new): {"user_name",
 * "user_email","extension","did","manufacturer","model","purpose",
 * "region","replace_by","requirements":{key: bool}}. The DID is kept in
 * E.164 without spaces. New reference, or NULL with refusals in rs. */
json_t	*sip_device_parse(json_t *body, json_t *stored, struct refusals *rs);

/* The keys of the requirements a device (as parsed or stored) does not
 * meet, in the seed's order. New reference. */
json_t	*sip_device_unmet(json_t *device);

/* The list columns of the requirements a device does not meet, joined
 * by sep, into buf ("" when it meets all). */
void	sip_device_unmet_columns(json_t *device, const char *sep, char *buf,
	    size_t cap);

/* Put what the API shows beside a stored device: "hardware_model" and
 * "unmet" (sip_device_unmet). */
void	sip_device_decorate(json_t *device);

/* A region {"name","border_proxy"} and a data handler {"name",
 * "organisation","phone","email"}: new reference, or NULL with refusals. */
json_t	*sip_region_parse(json_t *body, struct refusals *rs);
json_t	*sip_handler_parse(json_t *body, struct refusals *rs);

/* The part's settings over stored: {"sip_name_prefix","export_hours"}. */
json_t	*sip_settings_parse(json_t *body, json_t *stored, struct refusals *rs);

/* The columns of a device list, a row of it as the body sip_device_parse
 * takes (new reference; cells that are not UTF-8 text refused into rs),
 * and the column of a field ("extension" -> "Extension"). */
extern const struct csv_schema sip_device_list;
json_t	*sip_device_row(const char **values, unsigned not_text,
	    struct refusals *rs);
const char *sip_device_column(const char *field);

#endif

/* Switchboard — the phone simulator. */
#include "simulator.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../db/phone_store.h"
#include "../../db/provision_store.h"
#include "../phones/phone_options.h"
#include "option_params.h"
#include "../phones/catalog.h"
#include "../lib/polycom_xml.h"
#include "provision.h"
#include "../lib/util.h"

#define SIM_FILES_MAX 32

static void
mask_span(char *p, char *end)
{
	for (; p < end; p++)
		*p = '*';
}

void
simulator_mask(char *t)
{
	char *p;

	for (p = t; *p; p++) {
		if (strncasecmp(p, "password", 8) == 0) {
			char *q = p + 8, *end;

			while (*q && (isalnum((unsigned char)*q) || *q == '.' ||
			    *q == '_'))
				q++;
			if (q[0] == '=' && q[1] == '"') {
				end = strchr(q + 2, '"');
				if (end)
					mask_span(q + 2, end);
			} else if (q[0] == '=') {
				end = q + 1 + strcspn(q + 1, "\r\n");
				mask_span(q + 1, end);
			}
		} else if (strncmp(p, "://", 3) == 0) {
			char *at = strchr(p + 3, '@'), *slash = strchr(p + 3,
			    '/'), *colon = strchr(p + 3, ':');

			if (at && (slash == NULL || at < slash) && colon &&
			    colon < at)
				mask_span(colon + 1, at);
		}
	}
}

struct sim {
	struct db	*db;
	const char	*ua;
	const char	*host;
	int		 port;
	json_t		*files;
	json_t		*attrs;		/* name -> {"value","file"} */
	json_t		*order;		/* names in first-seen order */
	bool		 first_wins;
	const char	*current;
};

/* One request through the provisioning server. */
static char *
fetch(struct sim *s, const char *path, int *status, size_t *len)
{
	struct provision_req q;
	struct provision_reply out;
	char *body;

	memset(&q, 0, sizeof(q));
	q.method = "GET";
	q.path = path;
	q.uri = path;
	q.user_agent = s->ua;
	q.client_addr = "simulator";
	q.host = s->host;
	q.port = s->port;
	q.simulate = true;
	provision_handle(s->db, NULL, &q, &out);
	*status = out.status;
	body = out.file[0] ? xstrdup("(firmware image)") : out.body ?
	    out.body : xstrdup("");
	*len = out.file[0] ? strlen(body) : out.len;
	if (out.file[0])
		free(out.body);
	return body;
}

static bool
holds_password(const char *name)
{
	for (; *name; name++)
		if (strncasecmp(name, "password", 8) == 0)
			return true;
	return false;
}

static void
set_attr(struct sim *s, const char *name, const char *value)
{
	json_t *have = json_object_get(s->attrs, name);
	char *v = xstrdup(value);

	if (holds_password(name))
		snprintf(v, strlen(v) + 1, "%s", strlen(v) ? SIMULATOR_MASK :
		    "");
	simulator_mask(v);
	if (have == NULL) {
		json_array_append_new(s->order, json_string(name));
		json_object_set_new(s->attrs, name, json_pack("{s:s,s:s}",
		    "value", v, "file", s->current));
	} else if (!s->first_wins) {
		json_object_set_new(have, "value", json_string(v));
		json_object_set_new(have, "file", json_string(s->current));
	}
	free(v);
}

static int
on_xml_attr(void *arg, int depth, const char *el, const char *name,
    const char *value)
{
	(void)depth;
	(void)el;
	set_attr(arg, name, value);
	return 0;
}

static void
kv_attrs(struct sim *s, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *eol = p + strcspn(p, "\r\n"), *eq;

		if (*p != ';' && *p != '#' && (eq = memchr(p, '=', (size_t)(eol -
		    p))) != NULL && eq > p && eq - p < 200) {
			char name[200], *val;

			snprintf(name, sizeof(name), "%.*s", (int)(eq - p), p);
			val = xstrndup(eq + 1, (size_t)(eol - eq - 1));
			set_attr(s, name, val);
			free(val);
		}
		p = *eol ? eol + 1 : eol;
	}
}

/* Fetch path, keep the file (masked), read its attributes. */
static int
take(struct sim *s, const char *path, bool xml)
{
	int status;
	size_t len;
	char *body = fetch(s, path, &status, &len), err[200];

	s->current = path;
	if (status == 200 && xml)
		polycom_xml_read(body, len, on_xml_attr, s, err, sizeof(err));
	else if (status == 200 && strcmp(body, "(firmware image)") != 0)
		kv_attrs(s, body);
	simulator_mask(body);
	json_array_append_new(s->files, json_pack("{s:s,s:i,s:s%}", "path",
	    path, "status", status, "content", body, strlen(body)));
	free(body);
	return status;
}

struct master_files {
	char	list[2048];
};

static int
on_master(void *arg, int depth, const char *el, const char *name,
    const char *value)
{
	struct master_files *m = arg;

	if (depth == 0 && strcmp(el, "APPLICATION") == 0 && strcmp(name,
	    "CONFIG_FILES") == 0)
		snprintf(m->list, sizeof(m->list), "%s", value);
	return 0;
}

static void
polycom(struct sim *s, const char *mac12)
{
	struct master_files m = { "" };
	char path[300], *p, *save = NULL, err[200];
	int status, n = 0;
	size_t len;
	char *body;

	snprintf(path, sizeof(path), "/%s.cfg", mac12);
	body = fetch(s, path, &status, &len);
	if (status == 200)
		polycom_xml_read(body, len, on_master, &m, err, sizeof(err));
	free(body);
	take(s, path, true);
	for (p = strtok_r(m.list, ",", &save); p && n < SIM_FILES_MAX;
	    p = strtok_r(NULL, ",", &save), n++) {
		while (*p == ' ')
			p++;
		snprintf(path, sizeof(path), "/%s", p);
		take(s, path, true);
	}
	snprintf(path, sizeof(path), "/overrides/%s-phone.cfg", mac12);
	take(s, path, true);
}

/* Each Option and Advanced Option of the phone: its value, and the
 * parameter, file and value the phone ended up with (or why no file
 * carries it). */
static json_t *
options_shown(struct db *db, int64_t id, const char *family, struct sim *s)
{
	json_t *phone = phone_store_get(db, id), *table, *out = json_array();
	json_t *e, *o;
	size_t i, k;
	int tab;

	if (phone == NULL || family == NULL)
		return out;
	table = option_params_table(family);
	for (tab = 0; tab < 2; tab++) {
		json_t *schema = phone_options_schema(family, tab);
		json_t *values = json_object_get(phone, tab ?
		    "advanced_options" : "options");

		json_array_foreach(schema, i, o) {
			const char *key = json_string_value(json_object_get(o,
			    "key"));

			json_array_foreach(table, k, e) {
				const char *p = json_string_value(
				    json_object_get(e, "param"));
				json_t *a = p ? json_object_get(s->attrs, p) :
				    NULL, *row;

				if (strcmp(json_string_value(json_object_get(e,
				    "key")), key) != 0)
					continue;
				row = json_pack("{s:s,s:O,s:O,s:s,s:O*}", "tab",
				    tab ? "Advanced Options" : "Options",
				    "section", json_object_get(o, "section"),
				    "label", json_object_get(o, "label"), "key",
				    key, "value", json_object_get(values, key));
				if (p)
					json_object_set_new(row, "param",
					    json_string(p));
				else
					json_object_set(row, "reason",
					    json_object_get(e, "reason"));
				if (a) {
					json_object_set(row, "file",
					    json_object_get(a, "file"));
					json_object_set(row, "written",
					    json_object_get(a, "value"));
				}
				json_array_append_new(out, row);
			}
		}
		json_decref(schema);
	}
	json_decref(table);
	json_decref(phone);
	return out;
}

json_t *
simulator_run(struct db *db, const char *address, const char *user_agent,
    const char *host, int port, char *err, size_t errlen)
{
	struct sim s;
	char mac[MAC_TEXT], mac12[13], path[400];
	const char *family = "polycom";
	json_t *phone = NULL, *out, *attrs, *v;
	int64_t id = 0;
	size_t i;

	memset(&s, 0, sizeof(s));
	if (address == NULL || address[0] == '\0' || strlen(address) > 253) {
		snprintf(err, errlen, "Give a MAC address or a full computer "
		    "name.");
		return NULL;
	}
	if (mac_normalize(address, mac) == 0) {
		mac_digits(mac, mac12);
		id = provision_store_by_mac(db, mac);
	} else {
		id = provision_store_by_computer_name(db, address);
		if (id == 0) {
			snprintf(err, errlen, "No MAC address, and no SIP Soft "
			    "Phone has this computer name.");
			return NULL;
		}
		family = "softphone";
	}
	if (id > 0) {
		phone = provision_store_phone_summary(db, id);
		family = json_string_value(json_object_get(phone, "family"));
	}
	s.db = db;
	s.ua = user_agent && user_agent[0] ? user_agent : NULL;
	s.host = host;
	s.port = port;
	s.files = json_array();
	s.attrs = json_object();
	s.order = json_array();
	if (family && strcmp(family, "softphone") == 0) {
		s.first_wins = false;
		snprintf(path, sizeof(path), "/%s.i3sipcfg", json_string_value(
		    json_object_get(phone, "address")));
		take(&s, path, false);
	} else if (family && strcmp(family, "polycom") != 0) {
		/* ISS, AudioCodes, Genesys: firmware, custom files, then
		 * <mac>.cfg; a later line sets a key again. */
		const char *img = json_string_value(json_object_get(phone,
		    "firmware_image"));
		char *custom = provision_custom_files(phone, mac12);

		s.first_wins = false;
		if (img && img[0]) {
			snprintf(path, sizeof(path), "/%s", img);
			take(&s, path, false);
		}
		if (custom) {
			char buf[1024], *p, *save = NULL;

			snprintf(buf, sizeof(buf), "%s", custom);
			for (p = strtok_r(buf, ",", &save); p; p = strtok_r(
			    NULL, ",", &save)) {
				while (*p == ' ')
					p++;
				snprintf(path, sizeof(path), "/%s", p);
				take(&s, path, false);
			}
		}
		free(custom);
		snprintf(path, sizeof(path), "/%s.cfg", mac12);
		take(&s, path, false);
	} else {
		s.first_wins = true;
		polycom(&s, mac12);
	}
	attrs = json_array();
	json_array_foreach(s.order, i, v) {
		json_t *a = json_object_get(s.attrs, json_string_value(v));

		json_array_append_new(attrs, json_pack("{s:O,s:O,s:O}", "name",
		    v, "value", json_object_get(a, "value"), "file",
		    json_object_get(a, "file")));
	}
	out = json_pack("{s:s,s:s,s:O?,s:s?,s:s,s:o,s:o,s:o}", "address",
	    address, "family", family ? family : "polycom", "phone", phone,
	    "user_agent", s.ua, "precedence", s.first_wins ? "first" : "last",
	    "files", s.files, "attributes", attrs, "options", id > 0 ?
	    options_shown(db, id, family, &s) : json_array());
	json_decref(s.attrs);
	json_decref(s.order);
	json_decref(phone);
	return out;
}

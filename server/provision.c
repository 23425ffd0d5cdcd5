/* Switchboard — the provisioning server's domain side. */
#include "provision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/sighting_store.h"
#include "log.h"
#include "util.h"

/* What the request tells about the phone: the MAC from the file name (the
 * Polycom HTTP User-Agent has none) or the User-Agent, the model and
 * firmware from the User-Agent. The seed's "SIP Phone Information Update",
 * learned from file requests instead of registrations. */
static void
record_sighting(struct db *db, const struct provision_req *q)
{
	struct phone_agent a;
	struct sighting s;
	char mac[MAC_TEXT];

	phone_agent_parse(q->user_agent, &a);
	if (!phone_agent_path_mac(q->path, mac)) {
		if (a.mac[0] == '\0')
			return;
		snprintf(mac, sizeof(mac), "%s", a.mac);
	}
	s.mac = mac;
	s.manufacturer = a.manufacturer;
	s.model = a.model;
	s.firmware = a.firmware;
	s.user_agent = q->user_agent ? q->user_agent : "";
	s.client_address = q->client_addr;
	s.path = q->path;
	if (sighting_store_record(db, &s) != DB_OK)
		log_event(LOG_WARN, "provision.sighting", "mac", mac, "error",
		    db_errmsg(db), NULL);
}

static void
reply_text(struct provision_reply *out, int status, const char *text)
{
	out->status = status;
	out->type = "text/plain; charset=utf-8";
	out->body = xstrdup(text);
	out->len = strlen(text);
}

void
provision_handle(struct db *db, const struct provision_req *q,
    struct provision_reply *out)
{
	memset(out, 0, sizeof(*out));
	if (strlen(q->path) > 512 || strstr(q->path, "..")) {
		reply_text(out, 400, "Bad path.\n");
		return;
	}
	if (db)
		record_sighting(db, q);
	if (strcmp(q->method, "GET") != 0 && strcmp(q->method, "HEAD") != 0) {
		reply_text(out, 405, "Only GET and HEAD.\n");
		return;
	}
	reply_text(out, 404, "No such file.\n");
}

void
provision_reply_free(struct provision_reply *out)
{
	free(out->body);
	out->body = NULL;
}

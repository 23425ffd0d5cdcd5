/* Switchboard — what a proven phone uploads (overrides, logs) and reads
 * back. */
#include "provision_request.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../../db/provision_store.h"
#include "../lib/netaddr.h"
#include "../lib/util.h"
#include "provision_throttle.h"

/* "<12 hex>-<suffix>" at the end of base, into mac (normalised). */
static bool
upload_name(const char *base, const char *suffix, char mac[MAC_TEXT])
{
	char hexd[13];
	int i;

	if (strlen(base) != 12 + strlen(suffix) || strcasecmp(base + 12,
	    suffix) != 0)
		return false;
	for (i = 0; i < 12; i++)
		if (!isxdigit((unsigned char)base[i]))
			return false;
	memcpy(hexd, base, 12);
	hexd[12] = '\0';
	return mac_normalize(hexd, mac) == 0;
}

/* May this request read or write phone mac's uploads? Only the phone,
 * proven by its credentials (address trust is for the first fetch of its
 * files, which it has made by the time it uploads anything). Returns the
 * phone's id, or 0 after answering. */
static int64_t
upload_owner(struct request *rq, const char *mac)
{
	int64_t id = provision_store_by_mac(rq->db, mac);
	json_t *keys = id > 0 ? provision_store_keys(rq->db, id) : NULL;
	char user[256];
	enum proof p;

	if (keys)
		provision_phone_user(keys, user, sizeof(user));
	if (keys == NULL || provision_phone_credentials(rq, id, user) != 0) {
		json_decref(keys);
		provision_deny_unknown(rq);
		return 0;
	}
	json_decref(keys);
	p = provision_check_proof(rq, rq->meta.user, rq->meta.ha1,
	    rq->meta.basic);
	if (p != PROOF_OK) {
		provision_deny(rq, p, "wrong provisioning credentials");
		return 0;
	}
	rq->ev.phone_id = id;
	rq->ev.proven = true;
	rq->ev.believed = true;
	return id;
}

/* PUT /overrides/<mac>-phone.cfg (or -web.cfg), /logs/<mac>-app.log,
 * /logs/<mac>-boot.log: the phone's own uploads, proven, within limits. */
void
provision_accept_upload(struct request *rq)
{
	const char *p = rq->q->path, *base = strrchr(p, '/') + 1;
	const char *kind = NULL;
	char mac[MAC_TEXT], budget[48];

	if (strncmp(p, "/overrides/", 11) == 0 && strchr(p + 11, '/') == NULL &&
	    (upload_name(base, "-phone.cfg", mac) || upload_name(base,
	    "-web.cfg", mac)))
		kind = "override";
	else if (strncmp(p, "/logs/", 6) == 0 && strchr(p + 6, '/') == NULL &&
	    (upload_name(base, "-app.log", mac) || upload_name(base,
	    "-boot.log", mac)))
		kind = "log";
	if (kind == NULL) {
		rq->ev.outcome = "denied";
		provision_reply_text(rq->out, 405,
		    "Uploads go to overrides/ and "
		    "logs/ only.\n");
		return;
	}
	if (rq->q->body_len > PROVISION_UPLOAD_MAX) {
		rq->ev.outcome = "denied";
		provision_reply_text(rq->out, 413, "Too large.\n");
		return;
	}
	if (upload_owner(rq, mac) == 0)
		return;
	/* Even the phone itself uploads at a bounded rate: its own budget,
	 * apart from its address's. */
	snprintf(budget, sizeof(budget), "upload %s", mac);
	if (!provision_throttle_take(budget, THROTTLE_UPLOAD_BURST,
	    now_mono_ms())) {
		rq->out->retry_after = provision_throttle_wait(budget,
		    now_mono_ms());
		rq->ev.outcome = "throttled";
		provision_reply_text(rq->out, 429,
		    "Too many uploads from this phone.\n");
		return;
	}
	if (provision_store_upload_put(rq->db, mac, base, kind, rq->q->body,
	    rq->q->body_len, rq->q->client_addr) != DB_OK) {
		rq->ev.outcome = "error";
		provision_reply_text(rq->out, 503, "Busy; try again.\n");
		return;
	}
	rq->ev.outcome = "served";
	provision_reply_text(rq->out, 201, "Stored.\n");
}

/* GET /overrides/<mac>-phone.cfg: what the phone uploaded, served back to
 * the phone (proven) as the last file in its chain. */
void
provision_serve_override(struct request *rq)
{
	const char *base = strrchr(rq->q->path, '/') + 1;
	char mac[MAC_TEXT], *body;
	size_t len;

	if (!upload_name(base, "-phone.cfg", mac) && !upload_name(base,
	    "-web.cfg", mac)) {
		rq->ev.outcome = "missing";
		provision_reply_text(rq->out, 404, "No such file.\n");
		return;
	}
	if (upload_owner(rq, mac) == 0)
		return;
	if ((body = provision_store_upload_get(rq->db, mac, base, &len)) ==
	    NULL) {
		rq->ev.outcome = "missing";
		provision_reply_text(rq->out, 404, "No such file.\n");
		return;
	}
	rq->ev.outcome = "served";
	provision_reply_file(rq->q, rq->out, body, len, XML_TYPE);
}

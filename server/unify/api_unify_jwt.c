/* Switchboard — the Unify Phone JWT (seed 003, 2.5 and 6.1): the tenant's
 * JSON Web Token, needed for user provisioning in Unify Phone, pasted by
 * an admin, sealed at rest and never shown, logged or audited again; its
 * status judged when asked (jwt_status.c). */
#include <stdlib.h>
#include <string.h>

#include "../../db/unify_store.h"
#include "../http/api.h"
#include "../lib/seal.h"
#include "../lib/util.h"
#include "jwt_status.h"

#define JWT_TARGET "Unify Phone JWT"

/* The status now, with what the page shows beside it. */
static json_t *
jwt_view(struct req *r)
{
	json_t *stored = unify_store_get(r->db, "jwt"),
	    *sys = unify_store_get(r->db, "system"), *out, *flavour;

	out = jwt_status_stored(stored, now_unix());
	flavour = json_object_get(sys, "flavour");
	json_object_set_new(out, "flavour", flavour ? json_incref(flavour) :
	    json_null());
	json_object_set_new(out, "needed_for", json_string("A JSON Web Token "
	    "(JWT) is needed for user provisioning in Unify Phone (Unify "
	    "Phone for Unify Video); it is kept whatever the flavour."));
	json_object_set_new(out, "statuses", jwt_status_table());
	json_decref(stored);
	json_decref(sys);
	return out;
}

/* GET /api/v1/unify/jwt: 200, the status; never the token. */
int
api_unify_jwt_get(struct req *r)
{
	r->out = jwt_view(r);
	return 200;
}

/* PUT /api/v1/unify/jwt {"token":"…"}: 200 with the status, 422 naming
 * token when it does not read as a JWT (what is stored stays), 412 from
 * If-Match. {"token":""} clears it. Audited without the token: only
 * that it was set or cleared, the status and the expiry. */
int
api_unify_jwt_put(struct req *r)
{
	json_t *t = json_object_get(r->body, "token"), *claims = NULL,
	    *rec = NULL;
	struct refusals rs;
	char *sealed = NULL;
	int status = 200, rc;

	refusals_init(&rs);
	if (!json_is_string(t)) {
		status = req_field_error(r, 422, "required", "token", "Paste "
		    "the JWT from the JWT creation portal, or send \"\" to "
		    "clear it.");
		goto out;
	}
	if (json_string_length(t) == 0) {
		if ((rc = unify_store_remove(r->db, "jwt")) == DB_ERROR) {
			status = req_error(r, 500, "internal", "Could not save.");
			goto out;
		}
		r->out = jwt_view(r);
		if (rc == DB_OK)
			req_audit(r, "unify.jwt.clear", JWT_TARGET, true,
			    json_pack("{s:s}", "status", "Not set"));
		goto out;
	}
	if ((claims = jwt_read(json_string_value(t), &rs)) == NULL) {
		status = req_refused(r, &rs);
		goto out;
	}
	sealed = seal_box(JWT_SEAL_CONTEXT, json_string_value(t),
	    json_string_length(t));
	if (sealed == NULL) {
		status = req_error(r, 500, "internal", "Could not seal the "
		    "token.");
		goto out;
	}
	rec = jwt_record(sealed, claims, r->auth.user.username, now_unix());
	if (unify_store_put(r->db, "jwt", rec) != DB_OK) {
		status = req_error(r, 500, "internal", "Could not save.");
		goto out;
	}
	r->out = jwt_view(r);
	req_audit(r, "unify.jwt.set", JWT_TARGET, true, json_pack("{s:O,s:O}",
	    "status", json_object_get(r->out, "status"), "expires_at",
	    json_object_get(r->out, "expires_at")));
out:
	refusals_release(&rs);
	json_decref(claims);
	json_decref(rec);
	free(sealed);
	return status;
}

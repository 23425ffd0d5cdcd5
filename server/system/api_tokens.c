/* Switchboard — API tokens for automation. A token acts with its owner's
 * role; it is shown once, in the response that creates it. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../../db/token_store.h"
#include "../http/api.h"
#include "auth.h"
#include "../lib/util.h"

#define TOKEN_MAX_DAYS 3650

/* GET /api/v1/tokens[?all=1]: 200, 400, 403 (all without admin). */
int
api_tokens_list(struct req *r)
{
	const char *all = req_query(r, "all");
	struct db_list_query lq;
	int64_t owner = r->auth.user.id;
	int status;

	if (all && strcmp(all, "1") == 0) {
		if (r->auth.role != ROLE_ADMIN)
			return req_error(r, 403, "forbidden", "Only "
			    "administrators can list everyone's tokens.");
		owner = 0;
	}
	status = req_list_query(r, token_store_sort_keys, 2, 1, &lq);
	if (status != 0)
		return status;
	if ((r->out = token_store_list(r->db, owner, &lq)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}

/* POST /api/v1/tokens {"name","expires_in_days"}: 201, 422. */
int
api_tokens_create(struct req *r)
{
	char token[AUTH_ID_CHARS + 8], prefix[16];
	unsigned char hash[32];
	json_t *jdays = json_object_get(r->body, "expires_in_days");
	const char *name;
	int64_t id, expires = 0;

	if (req_body_string(r, "name", TOKEN_NAME_MAX, true, false,
	    &name) != 0)
		return 422;
	if (jdays && !json_is_null(jdays)) {
		if (!json_is_integer(jdays) || json_integer_value(jdays) < 1 ||
		    json_integer_value(jdays) > TOKEN_MAX_DAYS)
			return req_field_error(r, 422, "invalid_field",
			    "expires_in_days", "Expiry must be a whole number "
			    "of days from 1 to 3650, or empty for never.");
		expires = now_unix() + json_integer_value(jdays) * 86400;
	}
	auth_token_new(token, sizeof(token), prefix, sizeof(prefix), hash);
	if (token_store_create(r->db, r->auth.user.id, name, prefix, hash,
	    expires, &id) != DB_OK) {
		sodium_memzero(token, sizeof(token));
		return req_error(r, 500, "internal", "Could not save the token.");
	}
	r->out = token_store_get_json(r->db, id);
	json_object_set_new(r->out, "token", json_string(token));
	sodium_memzero(token, sizeof(token));
	req_audit(r, "token.create", name, true, json_pack("{s:I,s:s}",
	    "token_id", (json_int_t)id, "prefix", prefix));
	return 201;
}

/* DELETE /api/v1/tokens/{id}: 204, 404 (not yours, or already revoked). */
int
api_tokens_revoke(struct req *r)
{
	int64_t id, owner;
	char target[32];

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	owner = r->auth.role == ROLE_ADMIN ? 0 : r->auth.user.id;
	if (token_store_revoke(r->db, id, owner) != DB_OK)
		return req_error(r, 404, "not_found", "No such active token.");
	snprintf(target, sizeof(target), "token:%lld", (long long)id);
	req_audit(r, "token.revoke", target, true, NULL);
	return 204;
}

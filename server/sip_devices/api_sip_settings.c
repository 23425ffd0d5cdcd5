/* Switchboard — what the SIP devices part is set up with: the SIP name
 * prefix and how long hand-over archives stay, the regions' border
 * proxies, and the customer's pre-agreed data handlers. Administrators
 * only. */
#include <stdio.h>

#include "../../db/settings_store.h"
#include "../../db/sip_device_store.h"
#include "../http/api.h"
#include "sip_device_rules.h"

/* GET /api/v1/sip-devices/settings: 200 {"sip_name_prefix",
 * "export_hours"}. */
int
api_sip_settings_get(struct req *r)
{
	json_t *s = settings_store_get(r->db, "sip_devices");
	struct refusals rs;

	refusals_init(&rs);
	r->out = sip_settings_parse(NULL, s, &rs);
	refusals_release(&rs);
	json_decref(s);
	return r->out ? 200 : req_error(r, 500, "internal", "Bad settings.");
}

/* PUT /api/v1/sip-devices/settings: 200, 422. A new prefix names the
 * credentials made from now on; those issued keep theirs. */
int
api_sip_settings_put(struct req *r)
{
	json_t *was = settings_store_get(r->db, "sip_devices"), *s;
	struct refusals rs;
	int status;

	refusals_init(&rs);
	if ((s = sip_settings_parse(r->body, was, &rs)) == NULL)
		status = req_refused(r, &rs);
	else if (settings_store_put(r->db, "sip_devices", s) != DB_OK)
		status = req_error(r, 500, "internal", "Could not save.");
	else {
		req_audit_update(r, "sip_devices.settings", "SIP devices", was,
		    s);
		r->out = json_incref(s);
		status = 200;
	}
	refusals_release(&rs);
	json_decref(was);
	json_decref(s);
	return status;
}

/* A region or a data handler: the two small lists of this part. */
struct small_list {
	const char	*noun;		/* "region" */
	const char	*action;	/* "sip_devices.region" */
	json_t		*(*list)(struct db *);
	json_t		*(*get)(struct db *, int64_t);
	json_t		*(*parse)(json_t *, struct refusals *);
	int		 (*put)(struct db *, int64_t, json_t *, int64_t *);
	int		 (*del)(struct db *, int64_t);
	const char	*taken;		/* 409 on a UNIQUE conflict */
	const char	*in_use;	/* 409 when removal is refused */
};

static const struct small_list regions = {
	"region", "sip_devices.region", sip_region_store_list,
	sip_region_store_get, sip_region_parse, sip_region_store_put,
	sip_region_store_delete, "There is a region of that name already.",
	"Devices register to this region's border proxy: move them to "
	"another region first.",
};
static const struct small_list handlers = {
	"data handler", "sip_devices.data_handler", sip_handler_store_list,
	sip_handler_store_get, sip_handler_parse, sip_handler_store_put,
	sip_handler_store_delete, "There is a data handler of that name "
	"already.", "",
};

static int
small_list(struct req *r, const struct small_list *l)
{
	json_t *items = l->list(r->db);

	r->out = json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)
	    json_array_size(items));
	return 200;
}

static int
small_get(struct req *r, const struct small_list *l)
{
	char msg[64];
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((r->out = l->get(r->db, id)) == NULL) {
		snprintf(msg, sizeof(msg), "No such %s.", l->noun);
		return req_error(r, 404, "not_found", msg);
	}
	return 200;
}

static int
small_save(struct req *r, const struct small_list *l, bool update)
{
	struct refusals rs;
	json_t *was = NULL, *v;
	char action[64];
	int64_t id = 0, out;
	int status, rc;

	if (update && (status = small_get(r, l)) != 200)
		return status;
	if (update) {
		was = r->out;
		r->out = NULL;
		id = json_integer_value(json_object_get(was, "id"));
	}
	refusals_init(&rs);
	if ((v = l->parse(r->body, &rs)) == NULL) {
		status = req_refused(r, &rs);
		goto out;
	}
	rc = l->put(r->db, id, v, &out);
	if (rc == DB_CONFLICT) {
		status = req_field_error(r, 409, "taken", "name", l->taken);
		goto out;
	}
	if (rc != DB_OK) {
		status = req_error(r, 500, "internal", "Could not save.");
		goto out;
	}
	r->out = l->get(r->db, out);
	snprintf(action, sizeof(action), "%s.%s", l->action, update ?
	    "update" : "create");
	if (update)
		req_audit_update(r, action, json_string_value(json_object_get(v,
		    "name")), was, r->out);
	else
		req_audit(r, action, json_string_value(json_object_get(v,
		    "name")), true, json_incref(v));
	status = update ? 200 : 201;
out:
	refusals_release(&rs);
	json_decref(was);
	json_decref(v);
	return status;
}

static int
small_delete(struct req *r, const struct small_list *l)
{
	char action[64];
	json_t *was;
	int status, rc;

	if ((status = small_get(r, l)) != 200)
		return status;
	was = r->out;
	r->out = NULL;
	rc = l->del(r->db, json_integer_value(json_object_get(was, "id")));
	if (rc == DB_OK) {
		snprintf(action, sizeof(action), "%s.delete", l->action);
		req_audit(r, action, json_string_value(json_object_get(was,
		    "name")), true, json_incref(was));
		status = 204;
	} else if (rc == DB_CONFLICT)
		status = req_error(r, 409, "in_use", l->in_use);
	else
		status = req_error(r, 500, "internal", "Could not remove.");
	json_decref(was);
	return status;
}

/* GET /api/v1/sip-devices/regions: 200. */
int
api_sip_regions_list(struct req *r)
{
	return small_list(r, &regions);
}

/* GET /api/v1/sip-devices/regions/{id}: 200, 404. */
int
api_sip_regions_get(struct req *r)
{
	return small_get(r, &regions);
}

/* POST /api/v1/sip-devices/regions: 201, 409, 422. */
int
api_sip_regions_create(struct req *r)
{
	return small_save(r, &regions, false);
}

/* PUT /api/v1/sip-devices/regions/{id}: 200, 404, 409, 412, 422. */
int
api_sip_regions_put(struct req *r)
{
	return small_save(r, &regions, true);
}

/* DELETE /api/v1/sip-devices/regions/{id}: 204, 404, 409 (in use). */
int
api_sip_regions_delete(struct req *r)
{
	return small_delete(r, &regions);
}

/* GET /api/v1/sip-devices/data-handlers: 200. */
int
api_sip_handlers_list(struct req *r)
{
	return small_list(r, &handlers);
}

/* GET /api/v1/sip-devices/data-handlers/{id}: 200, 404. */
int
api_sip_handlers_get(struct req *r)
{
	return small_get(r, &handlers);
}

/* POST /api/v1/sip-devices/data-handlers: 201, 409, 422. */
int
api_sip_handlers_create(struct req *r)
{
	return small_save(r, &handlers, false);
}

/* PUT /api/v1/sip-devices/data-handlers/{id}: 200, 404, 409, 412, 422. */
int
api_sip_handlers_put(struct req *r)
{
	return small_save(r, &handlers, true);
}

/* DELETE /api/v1/sip-devices/data-handlers/{id}: 204, 404. Past exports
 * keep the handler's name and contact. */
int
api_sip_handlers_delete(struct req *r)
{
	return small_delete(r, &handlers);
}

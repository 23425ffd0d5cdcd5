/* Switchboard — managed IP phone templates: the settings new phones start
 * from (seed 001, "Create Managed IP Phone Templates"). */
#include "../../db/phone_store.h"
#include "../../db/template_store.h"
#include "../http/api.h"
#include "phone_input.h"

/* GET /api/v1/templates: 200, 400. */
int
api_templates_list(struct req *r)
{
	struct db_list_query lq;
	int status;

	status = req_list_query(r, template_store_sort_keys, 0, 0, &lq);
	if (status != 0)
		return status;
	r->out = template_store_list(r->db, &lq);
	return r->out ? 200 : req_error(r, 500, "internal", "Database error.");
}

/* GET /api/v1/templates/{id}: 200, 404. */
int
api_templates_get(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((r->out = template_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such template.");
	return 200;
}

static int
template_save(struct req *r, int64_t id)
{
	json_t *warnings = json_array(), *generated = json_array();
	json_t *before = id ? template_store_get(r->db, id) : NULL;
	struct refusals rs;
	struct phone_in p;
	int64_t new_id = 0;
	int status, rc;

	refusals_init(&rs);
	status = phone_input_parse(r->db, r->body, id, &p, warnings, generated,
	    PHONE_INPUT_TEMPLATE, &rs) == 0 ? 0 : req_refused(r, &rs);
	if (status == 0) {
		rc = template_store_save(r->db, id, &p, &new_id);
		if (rc == DB_OK) {
			r->out = template_store_get(r->db, new_id);
			if (id)
				req_audit_update(r, "template.update", p.name,
				    before, r->out);
			else
				req_audit(r, "template.create", p.name, true,
				    json_pack("{s:s,s:s}", "model",
				    p.model.name, "type", p.type));
			status = id ? 200 : 201;
		} else {
			status = rc == DB_NOTFOUND ? req_error(r, 404,
			    "not_found", "No such template.") : rc ==
			    DB_CONFLICT ? req_field_error(r, 422, "duplicate",
			    "name", "Another template has this name.") :
			    req_error(r, 500, "internal", "Could not save.");
		}
	}
	refusals_release(&rs);
	phone_in_release(&p);
	json_decref(before);
	json_decref(warnings);
	json_decref(generated);
	return status;
}

/* POST /api/v1/templates: 201, 409, 422 (the phone rules, naming the
 * field; station_defaults.* for the station appearance defaults). */
int
api_templates_create(struct req *r)
{
	return template_save(r, 0);
}

/* PUT /api/v1/templates/{id}: 200, 404, 409, 422. Phones made from it keep
 * their own settings. */
int
api_templates_update(struct req *r)
{
	int64_t id;
	json_t *t;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((t = template_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such template.");
	json_decref(t);
	return template_save(r, id);
}

/* DELETE /api/v1/templates/{id}: 204, 404, 409 (phones use it). */
int
api_templates_delete(struct req *r)
{
	int64_t id;
	json_t *t;
	int rc;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((t = template_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such template.");
	rc = template_store_delete(r->db, id);
	if (rc == DB_CONFLICT) {
		json_decref(t);
		return req_error(r, 409, "in_use", "Managed IP phones were made "
		    "from this template; it stays while they refer to it.");
	}
	req_audit(r, "template.delete", json_string_value(json_object_get(t,
	    "name")), rc == DB_OK, NULL);
	json_decref(t);
	return rc == DB_OK ? 204 : req_error(r, 500, "internal",
	    "Could not delete.");
}

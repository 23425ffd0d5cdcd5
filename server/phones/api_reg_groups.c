/* Switchboard — registration groups: an ordered list of registrations that
 * tells phones whom to register with (seed 001, "Registration Groups"). */
#include <stdio.h>
#include <string.h>

#include "../../db/reg_group_store.h"
#include "../../db/site_store.h"
#include "../http/api.h"
#include "reg_rules.h"

#define GROUP_NAME_MAX 64

static int
rule_error(struct req *r, const struct reg_error *e)
{
	return req_field_error(r, 422, "rule", e->field, e->message);
}

/* GET /api/v1/registration-groups?kind=: 200, 400. */
int
api_reg_groups_list(struct req *r)
{
	const char *kind = req_query(r, "kind");
	struct db_list_query lq;
	int status;

	status = req_list_query(r, reg_group_store_sort_keys, 0, 0, &lq);
	if (status != 0)
		return status;
	if (kind && *kind && strcmp(kind, "regular") && strcmp(kind,
	    "external"))
		return req_field_error(r, 400, "invalid_query", "kind",
		    "Kind must be regular or external.");
	r->out = reg_group_store_list(r->db, kind && *kind ? kind : NULL, &lq);
	return r->out ? 200 : req_error(r, 500, "internal", "Database error.");
}

/* GET /api/v1/registration-groups/{id}: 200, 404. */
int
api_reg_groups_get(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((r->out = reg_group_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such registration "
		    "group.");
	return 200;
}

/* Lines and proxies named by the registrations must exist. */
static int
check_references(struct req *r, const struct registration *regs, int n)
{
	char field[64];
	int i;

	for (i = 0; i < n; i++) {
		if (regs[i].type == REG_LINE && site_store_permanent(r->db,
		    SITE_LINE, regs[i].line_id) == -2) {
			snprintf(field, sizeof(field),
			    "registrations[%d].line_id", i);
			return req_field_error(r, 422, "invalid_field", field,
			    "No such SIP line.");
		}
		if (regs[i].type == REG_MANAGED_PROXY && site_store_permanent(
		    r->db, SITE_PROXY, regs[i].proxy_id) == -2) {
			snprintf(field, sizeof(field),
			    "registrations[%d].proxy_id", i);
			return req_field_error(r, 422, "invalid_field", field,
			    "No such managed proxy.");
		}
	}
	return 0;
}

/* Shared by create (id 0) and update. */
static int
group_save(struct req *r, int64_t id)
{
	struct registration regs[REG_MAX];
	struct reg_error e;
	const char *name, *kind;
	char old_kind[16];
	int n, status, rc, permanent = 0;
	int64_t new_id = 0;
	json_t *old = NULL;

	if (id && reg_group_store_info(r->db, id, old_kind, &permanent) !=
	    DB_OK)
		return req_error(r, 404, "not_found", "No such registration "
		    "group.");
	if (req_body_string(r, "name", GROUP_NAME_MAX, true, false, &name) ||
	    req_body_string(r, "kind", 8, true, false, &kind))
		return 422;
	if (strcmp(kind, "regular") && strcmp(kind, "external"))
		return req_field_error(r, 422, "invalid_field", "kind",
		    "Type must be Regular or External.");
	if (permanent) {
		old = reg_group_store_get(r->db, id);
		if (strcmp(name, json_string_value(json_object_get(old,
		    "name"))) != 0 || strcmp(kind, "regular") != 0) {
			json_decref(old);
			return req_field_error(r, 422, "permanent", strcmp(kind,
			    "regular") ? "kind" : "name", "The default "
			    "registration groups are permanent: their name "
			    "and type stay as they are.");
		}
		json_decref(old);
	} else if (name[0] == '<') {
		return req_field_error(r, 422, "invalid_field", "name",
		    "Names in angle brackets are reserved for the defaults.");
	}
	if ((n = reg_rules_parse(json_object_get(r->body, "registrations"),
	    regs, &e)) < 0 || reg_rules_check(kind, regs, n, &e) != 0)
		return rule_error(r, &e);
	if ((status = check_references(r, regs, n)) != 0)
		return status;
	if (db_begin(r->db) != 0)
		return req_error(r, 500, "internal", "Database busy.");
	/* What the update changes, read in its transaction. */
	old = id ? reg_group_store_get(r->db, id) : NULL;
	rc = reg_group_store_save(r->db, id, name, kind, regs, n, &new_id);
	if (rc != DB_OK) {
		db_rollback(r->db);
		json_decref(old);
		return rc == DB_CONFLICT ? req_field_error(r, 422, "duplicate",
		    "name", "A registration group with this name exists.") :
		    req_error(r, 500, "internal", "Could not save.");
	}
	r->out = reg_group_store_get(r->db, new_id);
	if (id)
		req_audit_update(r, "registration_group.update", name, old,
		    r->out);
	else
		req_audit(r, "registration_group.create", name, true,
		    json_deep_copy(r->out));
	json_decref(old);
	if (db_commit(r->db) != 0)
		return req_error(r, 500, "internal", "Could not save.");
	return id ? 200 : 201;
}

/* POST /api/v1/registration-groups: 201, 422 (naming the field and rule). */
int
api_reg_groups_create(struct req *r)
{
	return group_save(r, 0);
}

/* PUT /api/v1/registration-groups/{id}: 200, 404, 422. The body
 * carries the whole ordered list; moving a registration up or down is a
 * PUT of the new order. */
int
api_reg_groups_update(struct req *r)
{
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	return group_save(r, id);
}

/* DELETE /api/v1/registration-groups/{id}: 204, 404, 409 (permanent or in
 * use). */
int
api_reg_groups_delete(struct req *r)
{
	char kind[16];
	int permanent, rc;
	json_t *g;
	int64_t id;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if (reg_group_store_info(r->db, id, kind, &permanent) != DB_OK)
		return req_error(r, 404, "not_found", "No such registration "
		    "group.");
	if (permanent)
		return req_error(r, 409, "permanent", "<Default Registration "
		    "Group> and <Default Secure Registration Group> are "
		    "permanent and cannot be deleted.");
	g = reg_group_store_get(r->db, id);
	rc = reg_group_store_delete(r->db, id);
	if (rc == DB_CONFLICT) {
		json_decref(g);
		return req_error(r, 409, "in_use", "Phones or templates still "
		    "use this registration group.");
	}
	req_audit(r, "registration_group.delete", json_string_value(
	    json_object_get(g, "name")), rc == DB_OK, NULL);
	json_decref(g);
	return rc == DB_OK ? 204 : req_error(r, 500, "internal",
	    "Could not delete.");
}

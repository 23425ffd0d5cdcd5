/* Switchboard — the Managed IP Phone Assistant API: upload a CSV Managed
 * IP Phone list, review the report, commit it as a job; sample lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../db/import_store.h"
#include "../../db/job_store.h"
#include "../http/api.h"
#include "assistant.h"
#include "../lib/csv_list.h"
#include "../http/export.h"
#include "../lib/util.h"
#include "../lib/xlsx_list.h"

#define IMPORT_READ_CHUNK 16384
#define IMPORT_PAGE_MAX 1000

/* After the upload: 201 with the report, or the refusal. n is the last
 * read's result (0 at the end, -1 broken, -2 past the cap); severe a
 * reason found before the CSV reader saw it, or NULL. */
static int
import_finish(struct req *r, struct assistant_parse *ap, const char *filename,
    int n, const char *severe)
{
	int64_t id = -1;
	int status;

	if (n == -2) {
		status = req_error(r, 413, "too_large", "The file is larger "
		    "than the appliance accepts.");
	} else if (n == -1) {
		status = req_error(r, 400, "bad_request", "The upload broke "
		    "off.");
	} else if (severe != NULL || (id = assistant_parse_finish(ap,
	    &severe)) < 0) {
		status = req_error(r, 422, "severe", severe ? severe :
		    "The list cannot be read.");
		json_object_set_new(json_object_get(r->out, "error"),
		    "severity", json_string("severe"));
	} else {
		status = 201;
	}
	assistant_parse_free(ap);
	if (status != 201) {
		req_audit(r, "assistant.import", filename ? filename : "",
		    false, json_pack("{s:i}", "status", status));
		return status;
	}
	r->out = import_store_get(r->db, id);
	req_audit(r, "assistant.import", filename ? filename : "", true,
	    json_pack("{s:I,s:O}", "import_id", (json_int_t)id, "rows",
	    json_object_get(r->out, "rows_total")));
	return 201;
}

static int
feed_csv(void *arg, const char *csv, size_t len)
{
	return assistant_parse_feed(arg, csv, len);
}

/* An .xlsx list: the zip needs random access, so the upload is read whole
 * (within the route's cap), then its first worksheet goes through the CSV
 * reader as CSV text. */
static int
import_xlsx(struct req *r, struct assistant_parse *ap, const char *filename,
    const char *first, size_t first_len)
{
	size_t len = first_len, cap = 1 << 20;
	char *buf = xmalloc(cap), err[300];
	const char *severe = NULL;
	int n;

	memcpy(buf, first, first_len);	/* the chunk that was sniffed */
	while ((n = r->read_body(r, buf + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	if (n == 0 && xlsx_list_read(buf, len, feed_csv, ap, err,
	    sizeof(err)) != 0 && err[0])
		severe = err;
	n = import_finish(r, ap, filename, n, severe);
	free(buf);
	return n;
}

/* POST /api/v1/assistant/imports[?filename=] (body: the CSV or XLSX): 201 with the
 * report, 413, 415, 422 (a severe error: nothing is kept). */
int
api_imports_create(struct req *r)
{
	const char *filename;
	struct assistant_parse *ap;
	char *buf;
	int n;

	if (req_query_text(r, "filename", &filename) != 0)
		return 400;
	if (filename && strlen(filename) > 200)
		filename = NULL;
	if ((ap = assistant_parse_new(r->db, r->auth.user.id,
	    filename ? filename : "")) == NULL)
		return req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
	buf = xmalloc(IMPORT_READ_CHUNK);
	n = r->read_body(r, buf, IMPORT_READ_CHUNK);
	if (n > 0 && xlsx_list_sniff(buf, (size_t)n)) {
		n = import_xlsx(r, ap, filename, buf, (size_t)n);
		free(buf);
		return n;
	}
	while (n > 0) {
		if (assistant_parse_feed(ap, buf, (size_t)n) != 0)
			break;
		n = r->read_body(r, buf, IMPORT_READ_CHUNK);
	}
	free(buf);
	return import_finish(r, ap, filename, n, NULL);
}

/* limit (1 to 1000, default 100) and offset of a page; 0, or the 400
 * naming the parameter. */
static int
page_query(struct req *r, int64_t *limit, int64_t *offset)
{
	const char *ls = req_query(r, "limit"), *os = req_query(r, "offset");

	*limit = 100;
	*offset = 0;
	if (ls && parse_int64(ls, 1, IMPORT_PAGE_MAX, limit) != 0)
		return req_field_error(r, 400, "invalid_query", "limit",
		    "Limit is 1 to 1000.");
	if (os && parse_int64(os, 0, INT32_MAX, offset) != 0)
		return req_field_error(r, 400, "invalid_query", "offset",
		    "Offset is 0 or more.");
	return 0;
}

/* Query parameter key as text of at most max bytes, or NULL; -1 with a
 * 400 naming it when it is longer or not text. */
static int
short_text(struct req *r, const char *key, size_t max, const char **out)
{
	char msg[80];

	if (req_query_text(r, key, out) != 0)
		return -1;
	if (*out != NULL && strlen(*out) > max) {
		snprintf(msg, sizeof(msg), "At most %zu characters.", max);
		req_field_error(r, 400, "invalid_query", key, msg);
		return -1;
	}
	return 0;
}

/* GET /api/v1/assistant/imports/{id}[?status=&q=&limit=&offset=]: 200 —
 * the report and a page of rows (the phones as they will be created):
 * status all (default), accepted, rejected or warnings; q a name,
 * extension or address; "total" the rows that match. 400, 404. */
int
api_imports_get(struct req *r)
{
	static const char *const statuses[] = {
		[IMPORT_ROWS_ALL] = "all", [IMPORT_ROWS_ACCEPTED] = "accepted",
		[IMPORT_ROWS_REJECTED] = "rejected",
		[IMPORT_ROWS_WARNINGS] = "warnings",
	};
	enum import_rows_filter f = IMPORT_ROWS_ALL;
	const char *status, *q;
	int64_t id, limit, offset;
	bool tmm;
	int i;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if (page_query(r, &limit, &offset) != 0 ||
	    short_text(r, "q", 100, &q) != 0 ||
	    short_text(r, "status", 16, &status) != 0)
		return 400;
	if (status != NULL && *status == '\0')
		status = NULL;	/* status= is every row, as without it */
	for (i = 0; status != NULL && i < 4; i++)
		if (strcmp(status, statuses[i]) == 0)
			break;
	if (status != NULL && i == 4)
		return req_field_error(r, 400, "invalid_query", "status",
		    "Status is all, accepted, rejected or warnings.");
	if (status != NULL)
		f = (enum import_rows_filter)i;
	if (q != NULL && *q == '\0')
		q = NULL;
	if ((r->out = import_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such import.");
	tmm = strcmp(json_string_value(json_object_get(r->out, "kind")),
	    "tmm") == 0;
	json_object_set_new(r->out, "items", assistant_rows(r->db, id, tmm, f,
	    q, limit, offset));
	json_object_set_new(r->out, "total", json_integer(
	    import_store_count_rows(r->db, id, f, q)));
	return 200;
}

/* The import of path parameter 0 exists: 0, or the 404. */
static int
import_exists(struct req *r, int64_t *id)
{
	json_t *imp;

	if (req_param_id(r, 0, id) != 0)
		return 404;
	if ((imp = import_store_get(r->db, *id)) == NULL)
		return req_error(r, 404, "not_found", "No such import.");
	json_decref(imp);
	return 0;
}

/* GET /api/v1/assistant/imports/{id}/problem-groups[?limit=&offset=]:
 * 200 {"items":[{"severity","column","message","rows","first_row"}],
 * "total"} — identical warnings and rejections counted, rejections
 * first, then the largest groups; 400, 404. */
int
api_imports_problem_groups(struct req *r)
{
	int64_t id, limit, offset;
	int status;

	if ((status = import_exists(r, &id)) != 0)
		return status;
	if (page_query(r, &limit, &offset) != 0)
		return 400;
	if ((r->out = import_store_problem_groups(r->db, id, limit,
	    offset)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}

/* GET /api/v1/assistant/imports/{id}/problem-rows?severity=&column=
 * &message=[&limit=&offset=]: 200 {"items":[{"row","name","severity",
 * "column","message"}],"total"} — the rows of one problem group, as
 * problem-groups names it (column absent for a group without one); 400,
 * 404. */
int
api_imports_problem_rows(struct req *r)
{
	const char *severity, *column, *message;
	int64_t id, limit, offset;
	int status;

	if ((status = import_exists(r, &id)) != 0)
		return status;
	if (page_query(r, &limit, &offset) != 0 ||
	    short_text(r, "severity", 16, &severity) != 0 ||
	    short_text(r, "column", 200, &column) != 0 ||
	    short_text(r, "message", 600, &message) != 0)
		return 400;
	if (severity == NULL || (strcmp(severity, "warning") != 0 &&
	    strcmp(severity, "rejected") != 0))
		return req_field_error(r, 400, "invalid_query", "severity",
		    "Severity is warning or rejected.");
	if (message == NULL)
		return req_field_error(r, 400, "invalid_query", "message",
		    "The group's message, as problem-groups gives it.");
	if ((r->out = import_store_problem_rows(r->db, id, severity, column,
	    message, limit, offset)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}

/* GET /api/v1/assistant/imports/{id}/phones[?limit=&offset=]: 200
 * {"items":[{"row","id","name","address","extension","template",
 * "manufacturer","model","status"}],"total"} — every phone Commit
 * Changes created from the list, a page at a time, as they are now; 400,
 * 404, 409 (not committed). */
int
api_imports_phones(struct req *r)
{
	int64_t id, limit, offset;
	int status;

	if ((status = import_exists(r, &id)) != 0)
		return status;
	if (page_query(r, &limit, &offset) != 0)
		return 400;
	if ((r->out = import_store_created(r->db, id, limit, offset)) == NULL)
		return req_error(r, 409, "not_committed", "This list has not "
		    "been committed: no phone was created from it.");
	return 200;
}

static const struct export_column problem_columns[] = {
	{ "row", "Row" }, { "name", "Name" }, { "severity", "Severity" },
	{ "column", "Column" }, { "message", "Message" },
};

/* GET /api/v1/assistant/imports/{id}/problems: 200 (CSV; XLSX by Accept),
 * 404. Every warning and rejection with its row, column and reason. */
int
api_imports_problems(struct req *r)
{
	enum export_format fmt = EXPORT_CSV;
	json_t *p;
	int64_t id;
	int status;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if ((p = import_store_get(r->db, id)) == NULL)
		return req_error(r, 404, "not_found", "No such import.");
	json_decref(p);
	export_wanted(r->accept, &fmt);
	p = import_store_problems(r->db, id);
	status = export_download(r, fmt, json_object_get(p, "items"),
	    "import-problems", problem_columns, 5);
	json_decref(p);
	return status;
}

/* A list of names, or NULL when absent; -1 when malformed. */
static int
name_array(struct req *r, const char *field, json_t **out)
{
	json_t *a = json_object_get(r->body, field), *v;
	size_t i;

	*out = NULL;
	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a) || json_array_size(a) > 32)
		goto bad;
	json_array_foreach(a, i, v)
		if (!json_is_string(v) || json_string_length(v) > 64)
			goto bad;
	*out = json_incref(a);
	return 0;
bad:
	req_field_error(r, 422, "invalid_field", field, "A list of names.");
	return -1;
}

/* POST /api/v1/assistant/imports/{id}/commit {"licenses","access_control"}:
 * 202 with the job (Commit Changes: every accepted phone in one
 * transaction, or none), 404, 409 (committed already), 422. A second
 * commit while the first one's job is queued, running or done answers
 * 202 with that job, so a double click starts one. */
int
api_imports_commit(struct req *r)
{
	struct assistant_commit *c;
	json_t *imp, *lic = NULL, *acl = NULL;
	int64_t id, job;
	int status;

	if (req_param_id(r, 0, &id) != 0)
		return 404;
	if (name_array(r, "licenses", &lic) != 0)
		return 422;
	if (name_array(r, "access_control", &acl) != 0) {
		json_decref(lic);
		return 422;
	}
	/* One write transaction: two commits of a list cannot both start. */
	if (db_begin(r->db) != 0) {
		status = req_error(r, 503, "busy", "The database is busy; try "
		    "again.");
		goto out;
	}
	if ((imp = import_store_get(r->db, id)) == NULL) {
		status = req_error(r, 404, "not_found", "No such import.");
		goto out;
	}
	job = import_store_commit_job(r->db, id);
	if (job == 0 && strcmp(json_string_value(json_object_get(imp,
	    "state")), "parsed") != 0) {
		json_decref(imp);
		status = req_error(r, 409, "committed", "This list was committed "
		    "already.");
		goto out;
	}
	json_decref(imp);
	if (job > 0) {		/* the first commit's job */
		db_rollback(r->db);
		r->out = job_store_get(r->db, job);
		status = 202;
		goto out;
	}
	if ((job = jobs_create(r->db, "assistant.commit", r->auth.user.id)) <
	    0 || import_store_set_commit_job(r->db, id, job) != DB_OK ||
	    db_commit(r->db) != 0) {
		status = req_error(r, 503, "unavailable", "The job runner is not "
		    "available.");
		goto out;
	}
	c = xcalloc(1, sizeof(*c));
	c->import_id = id;
	c->user_id = r->auth.user.id;
	c->licenses = lic;
	c->access_control = acl;
	lic = acl = NULL;
	req_audit(r, "assistant.commit", "import", true, json_pack("{s:I,s:I}",
	    "import_id", (json_int_t)id, "job_id", (json_int_t)job));
	jobs_run(job, assistant_commit_job, c, assistant_commit_free);
	r->out = job_store_get(r->db, job);
	status = 202;
out:
	if (status != 202)
		db_rollback(r->db);
	json_decref(lic);
	json_decref(acl);
	return status;
}

/* GET /api/v1/assistant/samples/{name}: 200, 404. template.csv,
 * template.xlsx, tmm.csv, tmm.xlsx: a header row and one example row, so
 * admins start from the right columns. */
int
api_samples_get(struct req *r)
{
	static const struct export_column tpl_cols[] = {
		{ "n", "Name" }, { "t", "Template" }, { "g", "Proxy Group" },
		{ "e", "Extension" }, { "i", "Identification Address" },
		{ "l", "Label" }, { "a", "Address" },
	};
	static const struct export_column tmm_cols[] = {
		{ "n", "Name" }, { "y", "Type" }, { "m", "Manufacturer" },
		{ "o", "Model" }, { "g", "Proxy Group" }, { "e", "Extension" },
		{ "i", "Identification Address" }, { "l", "Label" },
		{ "a", "Address" },
	};
	const char *name = r->params[0];
	int tpl = strncmp(name, "template.", 9) == 0;
	enum export_format fmt;
	json_t *rows;
	int status;

	if (strcmp(name, "template.csv") == 0 || strcmp(name, "tmm.csv") == 0)
		fmt = EXPORT_CSV;
	else if (strcmp(name, "template.xlsx") == 0 ||
	    strcmp(name, "tmm.xlsx") == 0)
		fmt = EXPORT_XLSX;
	else
		return req_error(r, 404, "not_found", "Samples are "
		    "template.csv, template.xlsx, tmm.csv and tmm.xlsx.");
	rows = tpl ? json_pack("[{s:s,s:s,s:s,s:s,s:s,s:s,s:s}]", "n",
	    "PolycomLobby1", "t", "My Polycom SA Template", "g", "", "e",
	    "7101", "i", "", "l", "Lobby", "a", "0004F2AABBCC") :
	    json_pack("[{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}]", "n",
	    "PolycomAgent2", "y", "Workstation", "m", "Polycom", "o", "IP601",
	    "g", "", "e", "7202", "i", "", "l", "Line1", "a", "0004F204F6A9");
	status = export_download(r, fmt, rows, tpl ?
	    "CSV Managed IP Phone List-Template" :
	    "CSV Managed IP Phone List-TMM", tpl ? tpl_cols : tmm_cols,
	    tpl ? 7 : 9);
	json_decref(rows);
	return status;
}

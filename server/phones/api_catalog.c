/* Switchboard — the phone catalog API (read-only reference data). */
#include "../../db/catalog_store.h"
#include "../http/api.h"
#include "catalog.h"
#include "phone_options.h"

/* GET /api/v1/catalog: 200 — every manufacturer, model and firmware. */
int
api_catalog_get(struct req *r)
{
	if ((r->out = catalog_store_tree(r->db)) == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}

/* GET /api/v1/catalog/models?q=&manufacturer=&model=&sort=&order=&limit=
 * &offset=: 200, 400. model matches tolerantly ("VVX 410" = "vvx_410"). */
int
api_catalog_models(struct req *r)
{
	const char *model = req_query(r, "model");
	const char *man = req_query(r, "manufacturer");
	char key[CATALOG_KEY_MAX];
	struct db_list_query lq;
	int status;

	status = req_list_query(r, catalog_store_model_sort_keys, 0, 0, &lq);
	if (status != 0)
		return status;
	if (model && *model && catalog_match_key(model, key) != 0)
		return req_field_error(r, 400, "invalid_query", "model",
		    "A model name needs letters or digits.");
	r->out = catalog_store_models(r->db, man && *man ? man : NULL,
	    model && *model ? key : NULL, &lq);
	if (r->out == NULL)
		return req_error(r, 500, "internal", "Database error.");
	return 200;
}

/* GET /api/v1/catalog/options?family=: 200 {"options","advanced_options"},
 * 400 for an unknown family. */
int
api_catalog_options(struct req *r)
{
	const char *family = req_query(r, "family");
	json_t *o = family ? phone_options_schema(family, 0) : NULL;

	if (o == NULL)
		return req_field_error(r, 400, "invalid_query", "family",
		    "Family is polycom, iss1, iss2, softphone or audiocodes.");
	r->out = json_pack("{s:o,s:o}", "options", o, "advanced_options",
	    phone_options_schema(family, 1));
	return 200;
}

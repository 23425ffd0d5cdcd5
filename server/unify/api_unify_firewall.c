/* Switchboard — GET /api/v1/unify/firewall-rules: the firewall rules
 * Unify Phone needs (seed 003, 4) for the stored system and wizard input,
 * as JSON, as one list of every row in CSV or XLSX (Accept, or
 * ?format=csv|xlsx), or as an nftables rule set (?format=nft). */
#include <stdlib.h>
#include <string.h>

#include "../../db/unify_store.h"
#include "../http/api.h"
#include "../http/export.h"
#include "firewall_rules.h"

#define BASE "unify-phone-firewall-rules"
#define NFT_NAME "unify-phone-firewall.nft"

static const struct export_column columns[] = {
	{ "table", "Table" }, { "name", "Name" },
	{ "destination_ip", "Destination IP" },
	{ "destination_port", "Destination port" },
	{ "source_ip", "Source IP" }, { "source_port", "Source port" },
	{ "comment", "Comment" },
};

/* 200 (JSON or a download), 400 for an unknown ?format. */
int
api_unify_firewall_get(struct req *r)
{
	const char *f = req_query(r, "format");
	json_t *sys, *conn, *rules, *rows;
	enum export_format fmt = EXPORT_CSV;
	bool list;
	char *text;
	int status;

	if (f && strcmp(f, "json") != 0 && strcmp(f, "csv") != 0 &&
	    strcmp(f, "xlsx") != 0 && strcmp(f, "nft") != 0)
		return req_field_error(r, 400, "invalid_query", "format",
		    "The formats are json, csv, xlsx and nft.");
	if (f == NULL)
		list = export_wanted(r->accept, &fmt);
	else {
		list = strcmp(f, "csv") == 0 || strcmp(f, "xlsx") == 0;
		if (strcmp(f, "xlsx") == 0)
			fmt = EXPORT_XLSX;
	}
	sys = unify_store_get(r->db, "system");
	conn = unify_store_get(r->db, "connectivity");
	if (f && strcmp(f, "nft") == 0) {
		text = firewall_rules_nft(sys, conn);
		status = export_text(r, text, NFT_NAME,
		    "text/plain; charset=utf-8");
		free(text);
	} else {
		rules = firewall_rules(sys, conn);
		if (list) {
			rows = firewall_rules_rows(rules);
			status = export_download(r, fmt, rows, BASE, columns,
			    sizeof(columns) / sizeof(columns[0]));
			json_decref(rows);
			json_decref(rules);
		} else {
			r->out = rules;
			status = 200;
		}
	}
	json_decref(sys);
	json_decref(conn);
	return status;
}

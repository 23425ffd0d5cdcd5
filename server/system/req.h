/* Switchboard — one API request as handlers see it: parsed input, the
 * authenticated caller and the response they build. No CivetWeb in here:
 * the router fills a struct req, the handler returns an HTTP status. */
#ifndef SB_REQ_H
#define SB_REQ_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../../db/db.h"
#include "../../db/user_store.h"
#include "../lib/config.h"
#include "../lib/refusal.h"
#include "role.h"

#define REQ_MAX_PARAMS 4
#define REQ_PARAM_MAX 128
#define REQ_MAX_QUERY 24

/* Who is calling, as the router established it. */
struct auth {
	bool		 authenticated;
	struct user	 user;
	enum role	 role;
	char		 via[32];		/* "session" or "token:<id>" */
	int64_t		 token_id;		/* 0 for sessions */
	unsigned char	 session_hash[32];	/* valid when via session */
	char		 csrf[65];
};

struct req_query_pair {
	char	*key;
	char	*value;
};

struct req {
	/* Input, borrowed for the duration of the handler. */
	const char		*method;
	const char		*path;
	char			 params[REQ_MAX_PARAMS][REQ_PARAM_MAX];
	int			 nparams;
	struct req_query_pair	 query[REQ_MAX_QUERY];
	int			 nquery;
	json_t			*body;		/* parsed object or NULL */
	const char		*client_addr;
	const char		*user_agent;
	const char		*accept;	/* Accept header or NULL */
	const char		*if_match;	/* If-Match header or NULL */
	struct db		*db;
	const struct config	*cfg;
	struct auth		 auth;

	/* Output. */
	json_t			*out;		/* response body, owned */
	char			 set_cookie[256];
	char			 etag[96];	/* the record's version, sent as ETag */
	int64_t			 retry_after;	/* seconds, for a 429 */
	char			 download_path[1100];	/* stream this file */
	char			 download_name[128];
	const char		*download_type;
	bool			 download_unlink;	/* a temporary file */

	/* Raw bodies (ROUTE_RAW_BODY): read up to len bytes; returns the
	 * count, 0 at the end, -1 on a broken connection, -2 past the route's
	 * cap (answer 413). */
	int			(*read_body)(struct req *r, char *buf,
				    size_t len);
	size_t			 body_max;
	size_t			 body_read;
	int64_t			 body_deadline_ms;	/* monotonic */

	/* Server-Sent Events: sends one event; returns -1 once the client is
	 * gone. The first call sends the response headers. */
	int			(*sse_send)(struct req *r, const char *event,
				    json_t *data);
	void			*conn;	/* read_body and sse_send use it */
	bool			 sse_started;
};

/* r->read_body in the shape of a stream callback for domain code
 * (archives, firmware): arg is the struct req; bytes read, 0 at the end,
 * -1 broken, -2 past the route's cap. */
ssize_t		 req_read_stream(void *arg, char *buf, size_t len);

/* Value of query parameter key, or NULL. Borrowed. */
const char	*req_query(const struct req *r, const char *key);

/* Query parameter key as text: NULL if absent; if present but not UTF-8
 * text, or holding control characters, sets a 400 naming key and returns
 * -1 (a name stored with the record must read back as it was sent). */
int		 req_query_text(struct req *r, const char *key,
		    const char **out);

/* Set r->out to the JSON error shape and return status, e.g.
 *   return req_error(r, 404, "not_found", "No user with id 7.");
 * Messages are static or formatted by the caller (copied). */
int		 req_error(struct req *r, int status, const char *code,
		    const char *message);

/* An error naming one field: details [{"field":…,"message":…}]. */
int		 req_field_error(struct req *r, int status, const char *code,
		    const char *field, const char *message);

/* The 422 body for refusals: {"error":{"code","message","details":[…]}},
 * code and message summing up the list, details naming every field. */
int		 req_refused(struct req *r, const struct refusals *rs);

/* Parse an integer path parameter i into *out ([1, INT64_MAX]); on failure
 * sets a 404 and returns -1. */
int		 req_param_id(struct req *r, int i, int64_t *out);

/* Parse q, sort, order, limit, offset against keys (NULL-terminated) into
 * lq. Returns 0, or an error status already set in r (400 naming the
 * field). */
int		 req_list_query(struct req *r, const char *const *keys,
		    int default_sort, int default_desc, struct db_list_query *lq);

/* Read string member name of the body: NULL if absent. If present and not a
 * string, or longer than max bytes, or holding control characters (when
 * !multiline), sets a 422 naming the field and returns -1. */
int		 req_body_string(struct req *r, const char *name, size_t max,
		    bool required, bool multiline, const char **out);

/* A record's version as its ETag: r->etag for the record of kind ("phone",
 * "template", …) and key (its id or name). */
void		 req_etag(struct req *r, const char *kind, const char *key);

/* In the transaction that changes the record: when the request's If-Match
 * names neither "*" nor the record's current ETag, a 412 saying who
 * changed it and when (r->etag the current one, to overwrite with), and
 * the status is returned; otherwise the version moves on (r->etag the new
 * one) and 0 is returned. Without If-Match the change is not checked. */
int		 req_claim(struct req *r, const char *kind, const char *key);

/* Record an audit entry for this request's caller. Takes the reference to
 * detail (may be NULL). */
void		 req_audit(struct req *r, const char *action,
		    const char *target, bool success, json_t *detail);

/* Record the update of a record for this request's caller: the detail is
 * {"diff": {"field": [old, new], …}} (json_diff of before and after, the
 * record as the API shows it read before and after the change in this
 * request's transaction), bookkeeping such as updated_at and row ids,
 * and every secret, left out. Borrows before and after. */
void		 req_audit_update(struct req *r, const char *action,
		    const char *target, json_t *before, json_t *after);

#endif

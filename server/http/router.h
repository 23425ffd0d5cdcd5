/* Switchboard — the API route table: method, path pattern, handler, the
 * least role allowed, flags and body cap. One table; the OpenAPI document is
 * generated from it, so it always covers every endpoint that exists. */
#ifndef SB_ROUTER_H
#define SB_ROUTER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../system/req.h"

#define ROUTE_JSON_BODY		0x01	/* body must be a JSON object */
#define ROUTE_SSE		0x02	/* handler streams events */
#define ROUTE_MUST_CHANGE_OK	0x04	/* allowed before a forced password change */
#define ROUTE_OPTIONAL_BODY	0x08	/* a JSON body may be sent */
#define ROUTE_RAW_BODY		0x10	/* the handler streams a CSV body */

#define ROUTE_BODY_DEFAULT	(64 * 1024)

typedef int (*route_handler)(struct req *r);

struct route {
	const char	*method;
	const char	*pattern;	/* "/api/v1/users/{id}" */
	route_handler	 handler;
	enum role	 min_role;	/* ROLE_NONE: no login needed */
	int		 flags;
	size_t		 max_body;	/* 0: ROUTE_BODY_DEFAULT */
	const char	*tag;
	const char	*summary;
	/* A record with a version (ETag, If-Match): its kind, keyed by the
	 * first path parameter ("phone"), or kind and a fixed key
	 * ("setting:network"). NULL for any other route. */
	const char	*version;
};

/* The kind and key of the record a versioned route names, into kind and
 * key; false for a route without a version. */
bool		 route_version(const struct route *rt, const struct req *r,
		    char *kind, size_t klen, char *key, size_t keylen);

/* Find the route for method and path, capturing {params} into r. Returns the
 * route, or NULL with *status 404 (no such path) or 405 (path exists, other
 * methods). */
const struct route *router_match(const char *method, const char *path,
		    struct req *r, int *status);

/* The OpenAPI 3 document. New reference. */
json_t		*router_openapi(const char *version);

#endif

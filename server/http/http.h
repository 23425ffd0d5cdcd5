/* Switchboard — the CivetWeb glue of the admin listener: the request entry
 * point (static UI files and the API), JSON replies with our security
 * headers, bounded body reading and Server-Sent Events. */
#ifndef SB_HTTP_H
#define SB_HTTP_H

#include "civetweb.h"
#include "../lib/config.h"

/* Headers every response carries (also given to CivetWeb as
 * additional_header, for the replies it makes itself). */
extern const char http_security_headers[];

/* Set the configuration handlers see. Call before mg_start2. */
void	http_init(const struct config *cfg);

/* CivetWeb request handler for every URI. */
int	http_handle(struct mg_connection *conn, void *cbdata);

/* CivetWeb http_error callback: CivetWeb's own errors in our JSON shape. */
int	http_error(struct mg_connection *conn, int status, const char *msg);

#endif

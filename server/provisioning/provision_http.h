/* Switchboard — the CivetWeb glue of the provisioning listeners (HTTP and
 * HTTPS, apart from the admin port): a request in, provision_handle, the
 * reply out, one log line. */
#ifndef SB_PROVISION_HTTP_H
#define SB_PROVISION_HTTP_H

#include "civetweb.h"

int	provision_http_handle(struct mg_connection *conn, void *cbdata);

#endif

/* Switchboard — how many connections one client address may hold open on
 * a listener. CivetWeb gives every open connection a worker thread, so
 * without a share per address a few hundred slow clients from one place
 * (slowloris, a stuck proxy) hold every worker and the listener stops
 * answering everyone else. The master thread asks here before a
 * connection takes a worker (a patch to CivetWeb, see
 * packaging/civetweb-patches/); a connection past the share is closed at
 * once. */
#ifndef SB_HTTP_ADMIT_H
#define SB_HTTP_ADMIT_H

/* Set the share (connections per address per listener) and install the
 * hook. Call once before the listeners start. */
void	http_admit_init(int per_address);

/* Connections refused since start (for the log and tests). */
long	http_admit_refused(void);

#endif

/* Switchboard — the SIP messages the appliance writes and reads: an
 * out-of-dialog request (the reboot notifier's NOTIFY with RFC 6665 Event
 * and Subscription-State, the Unify Phone connector check's OPTIONS; RFC
 * 3261 mandatory headers) and the responses that come back. Reading
 * is strict and bounded: a status line, at most SIP_MAX_HEADERS header
 * lines of printable text, a Content-Length that fits; anything else is
 * refused, never guessed at. */
#ifndef SB_SIP_MSG_H
#define SB_SIP_MSG_H

#include <stddef.h>

#define SIP_MAX_MESSAGE	8192	/* bytes, headers and body */
#define SIP_MAX_HEADERS	64

struct sip_request {
	const char	*transport;	/* "UDP", "TCP" or "TLS" */
	const char	*local_host;	/* our address as the phone sees it */
	int		 local_port;
	const char	*user;		/* request-URI user part, may be "" */
	const char	*host;		/* the phone */
	int		 port;
	const char	*call_id;
	const char	*from_tag;
	const char	*branch;	/* with the z9hG4bK magic cookie */
	unsigned	 cseq;
	const char	*event;		/* "check-sync;reboot=true" */
	const char	*auth_header;	/* "Authorization" or NULL */
	const char	*auth_value;
	const char	*method;	/* NULL: "NOTIFY"; or "OPTIONS" */
};

/* The request-URI for n: "sip:user@host:port" (sips: over TLS). */
void	sip_request_uri(const struct sip_request *n, char *out, size_t len);

/* Write the request into out (a NOTIFY carries event). Its length, or 0
 * if it does not fit. */
size_t	sip_request_build(const struct sip_request *n, char *out, size_t len);

struct sip_response {
	int		status;		/* 100-699 */
	char		reason[64];
	char		branch[64];	/* of the top Via */
	char		call_id[128];
	unsigned	cseq;
	char		cseq_method[16];
	char		challenge[512];	/* WWW- or Proxy-Authenticate value */
	int		proxy_challenge;	/* 1: it was Proxy-Authenticate */
	size_t		length;		/* bytes the message took in buf */
};

/* Parse one response from buf. 0 on success (r->length tells where the
 * next message starts on a stream), 1 if buf holds only the beginning of
 * one (wait for more on TCP/TLS), -1 if it is not a valid response (why,
 * a short English phrase, in *why). */
int	sip_response_parse(const char *buf, size_t len, struct sip_response *r,
	    const char **why);

#endif

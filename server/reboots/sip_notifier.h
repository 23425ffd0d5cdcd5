/* Switchboard — the SIP notifier: one thread that sends out-of-dialog
 * NOTIFYs (Event: check-sync) to phones and reads their answers. One UDP
 * socket bound to --sip-listen carries every UDP transaction (RFC 3261
 * non-INVITE timers: retransmit at T1, doubling up to T2, give up at
 * 64 x T1); TCP and TLS transactions open a connection each. A 401 or 407
 * is answered once with digest credentials (MD5, with or without
 * qop=auth), only for the target's realm and only when it came from the
 * address the NOTIFY went to. No database and no policy in here: the campaign runner
 * decides who gets a NOTIFY and when, and collects the results. */
#ifndef SB_SIP_NOTIFIER_H
#define SB_SIP_NOTIFIER_H

#include <stddef.h>
#include <stdint.h>

#define SIP_NOTIFIER_MAX_TX	16384	/* transactions in flight */

enum sip_outcome {
	SIP_ACCEPTED,		/* a 2xx */
	SIP_REJECTED,		/* another final response */
	SIP_NO_ANSWER,		/* Timer F ran out */
	SIP_FAILED		/* could not send: connection refused, … */
};

struct sip_target {
	uint64_t	cookie;		/* the caller's, returned in the result */
	char		transport[4];	/* "UDP", "TCP", "TLS" */
	char		host[64];	/* numeric IPv4 or IPv6 */
	int		port;
	char		user[64];	/* request-URI user part, may be "" */
	char		event[64];	/* "check-sync;reboot=true" */
	char		auth_user[128];	/* for a challenge; "" = none */
	/* The realm the phone challenges with for its line: a challenge of
	 * any other realm (someone else answering) is not answered, as the
	 * digest would be worth a guess at the line's password. */
	char		realm[64];
	/* The line's password stays sealed (seal.h) until a phone
	 * challenges: most never do, and the plain text then lives only
	 * for the digest computation. */
	char		seal_context[32];
	char		sealed_password[256];
};

struct sip_result {
	uint64_t		cookie;
	enum sip_outcome	outcome;
	int			status;		/* final code, 0 if none */
	char			reason[64];	/* its phrase, or what failed */
	int			retransmits;
	int			authenticated;	/* answered a challenge */
	int64_t			sent_ms;	/* wall clock, first send */
	int64_t			done_ms;
	char			target[160];	/* the request-URI */
	char			transport[4];
};

/* Bind listen ("ADDR:PORT"; port 0 for any) and start the thread, with
 * T1 = t1_ms. 0, or -1 with a message in err. */
int	sip_notifier_start(const char *listen, int t1_ms, char *err,
	    size_t errlen);
void	sip_notifier_stop(void);	/* safe if never started */
int	sip_notifier_running(void);

/* The local port in use (for tests and the Via header). */
int	sip_notifier_port(void);

/* Hand a transaction to the thread (t is copied, and its copy of the
 * password wiped after use). 0, or -1 when SIP_NOTIFIER_MAX_TX are in
 * flight or the notifier is not running. Thread-safe. */
int	sip_notifier_submit(const struct sip_target *t);

/* Move up to max finished results into out; returns how many. */
size_t	sip_notifier_results(struct sip_result *out, size_t max);

/* Called (from the notifier thread) when results are waiting. */
void	sip_notifier_on_result(void (*fn)(void));

#endif

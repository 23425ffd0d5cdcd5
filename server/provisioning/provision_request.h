/* Switchboard — what the parts of the provisioning server share about the
 * request in hand (internal to server/provisioning/provision*.c; the
 * public API is provision.h). */
#ifndef SB_PROVISION_REQUEST_H
#define SB_PROVISION_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "../../db/db.h"
#include "../lib/netaddr.h"
#include "phone_agent.h"
#include "provision.h"
#include "provision_cache.h"
#include "provision_log.h"
#include "provision_polycom.h"

#define EXTERNAL_SECRET_CONTEXT "external_registration.password"
#define XML_TYPE "application/xml"
#define TEXT_TYPE "text/plain; charset=utf-8"

/* This thread serves the phone simulator: no proof asked, nothing
 * recorded, nothing made. */
extern __thread bool provision_simulating;

struct loaded {
	struct prov_phone	 pp;
	json_t			*keys;
	char			 mac12[256];	/* MAC digits, or a soft
						   phone's computer name */
	char			*prov_pw;
};

struct request {
	struct db			*db;
	const struct provision_req	*q;
	struct provision_reply		*out;
	struct provision_event		 ev;
	struct phone_agent		 agent;
	char				 mac[MAC_TEXT];
	char				 computer_name[254];	/* a soft
						   phone no phone has */
	int64_t				 now;
	bool				 cacheable;	/* keep what is served */
	struct provision_cached		 meta;
};

enum secret_kind { SECRET_POLYCOM, SECRET_KV, SECRET_SOFT };

/* What a request's Authorization header showed. */
enum proof {
	PROOF_NONE,	/* no header: ask for it */
	PROOF_OK,	/* it is the phone */
	PROOF_WRONG,	/* a header that does not prove it */
	PROOF_STALE	/* right, but its nonce is spent or old: ask again */
};

/* provision.c */
void	provision_reply_file(const struct provision_req *q,
	    struct provision_reply *out, char *body, size_t len,
	    const char *type);
void	provision_reply_text(struct provision_reply *out, int status,
	    const char *text);
const char *provision_str(json_t *v);

/* provision_proof.c */
enum proof	provision_admitted(struct request *rq, int64_t id,
	    json_t *keys, bool *by_trust);
enum proof	provision_check_proof(struct request *rq, const char *user,
	    const char *ha1, const unsigned char basic[32]);
void	provision_deny(struct request *rq, enum proof p, const char *why);
void	provision_deny_unknown(struct request *rq);
char *provision_open_secret(const char *context, const char *sealed);
char *provision_password(struct db *db, int64_t id);
int	provision_phone_credentials(struct request *rq, int64_t id,
	    const char *user);

/* provision_files.c */
void	provision_phone_user(json_t *keys, char *out, size_t len);
bool	provision_runs(const char *want, const char *running);
bool	provision_serve_custom(struct request *rq, const char *name);
void	provision_serve_master(struct request *rq, const char *mac12);
void	provision_serve_proxy(struct request *rq, const char *name);
void	provision_serve_secret(struct request *rq, int64_t id,
	    enum secret_kind kind);

/* provision_firmware.c */
void	provision_serve_firmware_id(struct request *rq, const char *rest);
void	provision_serve_image(struct request *rq, const char *image);

/* provision_uploads.c */
void	provision_accept_upload(struct request *rq);
void	provision_serve_override(struct request *rq);

#endif

/* Switchboard — the seed's FAQ table (003, 5.3) as live checks: for each
 * symptom ("ITSP Status of Unify Phone (Cloud) not registered", "no
 * connection to REST API", "no calls with Unify Phone-Client possible",
 * "provisioning of new users is not possible") every cause the seed names
 * is judged pass or fail from what the appliance knows, with the seed's
 * remedy; a cause that needs data the appliance does not hold yet (Unify
 * Phone users, licenses) says "not checked yet". Plain JSON in, JSON out.
 * Also the trace settings to send with an error report (5.1). */
#ifndef SB_DIAGNOSTICS_H
#define SB_DIAGNOSTICS_H

#include <jansson.h>
#include <stdbool.h>

struct unify_diag_input {
	json_t		*system;	/* stored system or NULL */
	json_t		*conn;		/* the wizard's input, or NULL */
	json_t		*status;	/* the last connector status */
	json_t		*guard;		/* the raised clone guard or NULL */
	json_t		*plan;		/* what the wizard would make now, or
					   NULL when it cannot run */
	json_t		*made;		/* {key: stored object or null} for
					   each plan entry's key */
	json_t		*trunk, *route;	/* the wizard's, stored, or NULL */
	const char	*plan_refusal;	/* why the wizard cannot run, when
					   plan is NULL */
	json_t		*jwt;		/* the JWT's status (jwt_status.h), or
					   NULL: not set */
	json_t		*users;		/* the Unify Phone users as the API
					   shows them (unify_user_view), each
					   with its "licenses" */
	bool		 update_detected;
	const char	*today;		/* "YYYY-MM-DD" */
};

/* {"groups":[{"symptom","checks":[{"id","check","result","detail",
 * "remedy"}]}],"summary":{"pass","fail","not_checked"},"trace":{…}} with
 * result "pass", "fail" or "not checked yet". New reference. */
json_t	*unify_diagnostics(const struct unify_diag_input *in);

#endif

/* Switchboard — the rules of registration groups (seed 001, "Registration
 * Groups" and "Appendix B: How Registrations Work"). Pure: no database; the
 * store checks that referenced lines and proxies exist. */
#ifndef SB_REG_RULES_H
#define SB_REG_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../../db/reg_group_store.h"
#include "../lib/netaddr.h"

#define REG_MAX 16	/* "there is no limit … but more than three is impractical" */

/* What was wrong: the field (e.g. "registrations[1].type") and why. */
struct reg_error {
	char	field[64];
	char	message[256];
};

/* Read a JSON array of registrations (objects with "type" and the fields
 * of that type) into regs. Returns the count, or -1 with err filled. */
int		 reg_rules_parse(json_t *arr, struct registration *regs,
		    struct reg_error *err);

/* Check the order and mix of n registrations for a group of kind
 * "regular" or "external". 0, or -1 with err naming the rule. */
int		 reg_rules_check(const char *kind,
		    const struct registration *regs, int n,
		    struct reg_error *err);

/* Can a group of this kind be a phone's main registration group? */
bool		 reg_rules_main_group_ok(const char *kind, struct reg_error *err);

/* Does a phone of model family ("polycom", "iss1", "iss2", "softphone",
 * "audiocodes") on firmware ("latest" or a version) accept a group of n
 * registrations, the first of them DNS SRV if dns_srv? 0, or -1 with err
 * naming the rule. */
int		 reg_rules_phone_accepts(const char *family,
		    const char *firmware, int n, bool dns_srv,
		    struct reg_error *err);

/* Compare dotted versions numerically ("2.2.2.77" > "2.0.4.15.7"); any
 * non-digit suffix of a part is ignored. <0, 0, >0. */
int		 version_cmp(const char *a, const char *b);

#endif

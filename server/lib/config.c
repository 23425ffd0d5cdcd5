/* Switchboard — configuration: defaults, the config file, the command line.
 * The config file is "key = value" lines; '#' starts a comment. Keys are the
 * long flag names with '_' for '-', e.g. "admin_listen = 0.0.0.0:8443". */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define CONFIG_FILE_MAX (64 * 1024)

const char config_usage[] =
"usage: switchboard --data DIR [--config FILE] [options] [command]\n"
"\n"
"Commands (default: run the appliance):\n"
"  backup FILE                 online backup of the database to FILE\n"
"  restore FILE                replace the database with FILE (stopped daemon)\n"
"  check                       integrity check of the database\n"
"  backup-system FILE          whole-system archive (.tar): database, firmware,\n"
"                              certificate; --include-key adds the secret key\n"
"                              sealed with the passphrase\n"
"  restore-system FILE         verify and restore a system archive (stopped\n"
"                              daemon); the passphrase if it holds the key\n"
"\n"
"Options:\n"
"  --data DIR                  data directory (database, certificate, keys)\n"
"  --config FILE               config file of 'key = value' lines\n"
"  --admin-listen ADDR:PORT    admin UI and API, HTTPS (0.0.0.0:8443)\n"
"  --provision-listen ADDR:PORT      phone provisioning, HTTP (0.0.0.0:8088; off)\n"
"  --provision-tls-listen ADDR:PORT  phone provisioning, HTTPS (0.0.0.0:8089; off)\n"
"  --sip-listen ADDR:PORT      SIP notifier source address (0.0.0.0:5060; off)\n"
"  --tftp-listen ADDR:PORT     read-only TFTP server for phones in recovery\n"
"                              mode, IPv4 (off; the standard port is 69)\n"
"  --sip-t1-ms N               SIP timer T1: first retransmission, and 64 x T1\n"
"                              until \"no answer\" (500)\n"
"  --provision-threads N       provisioning workers, one per open\n"
"                              connection (128)\n"
"  --provision-upload-seconds N  time a phone's upload may take in all (30)\n"
"  --connections-per-address N  connections one client address may hold\n"
"                              open on each listener (16)\n"
"  --request-timeout-seconds N  time for a request's head, and for each\n"
"                              part of a body (10)\n"
"  --unify-sip-port N          the Unify Phone connector's SIP-TLS port (65061)\n"
"  --unify-rest-port N         the Unify Phone REST API's HTTPS port (443)\n"
"  --unify-ca-file FILE        PEM of CAs trusted for the Unify Phone cloud\n"
"                              (default: the system's store)\n"
"  --unify-check-timeout-ms N  each connector check's deadline (5000)\n"
"  --unify-check-minutes N     connector checks every N minutes; 0: only\n"
"                              when asked (5)\n"
"  --web-root DIR              the browser UI files (./web)\n"
"  --tls-certificate FILE      PEM with private key and certificate chain\n"
"                              (default: DATA/tls/server.pem, self-signed)\n"
"  --admin-allow ACL           admin access list, e.g. -0.0.0.0/0,+10.1.0.0/16\n"
"  --threads N                 HTTP worker threads (32)\n"
"  --session-idle-minutes N    idle session expiry (30)\n"
"  --session-max-hours N       absolute session expiry (12)\n"
"  --login-max-failures N      failed logins per account from one address\n"
"                              before each further one waits (5)\n"
"  --login-delay-seconds N     the first such wait; it doubles with each\n"
"                              further failure (30)\n"
"  --address-max-failures N    failed logins per client address, all\n"
"                              accounts, before it is held (20)\n"
"  --login-lockout-minutes N   longest wait, and counting window (15)\n"
"  --account-max-failures N    failed logins per account an hour, from\n"
"                              addresses it never logged in from, before\n"
"                              they are paced (50; at most 50)\n"
"  --log-level LEVEL           debug, info, warn or error (info)\n"
"  --passphrase-file FILE      backup-system / restore-system: the passphrase\n"
"                              (else $SWITCHBOARD_BACKUP_PASSPHRASE)\n"
"  --include-key               backup-system: seal the secret key into it\n"
"  --force-without-key         restore-system: restore even though this\n"
"                              appliance's key cannot open its secrets\n"
"  --version                   print the version\n"
"  --help                      print this text\n";

enum opt_kind { OPT_STR, OPT_INT };

struct opt {
	const char	*name;		/* flag without "--", '-' separated */
	enum opt_kind	 kind;
	size_t		 offset;
	int64_t		 min, max;
};

#define STR(f) OPT_STR, offsetof(struct config, f), 0, 0
#define INT(f, lo, hi) OPT_INT, offsetof(struct config, f), lo, hi

static const struct opt opts[] = {
	{ "data", STR(data_dir) },
	{ "config", STR(config_file) },
	{ "admin-listen", STR(admin_listen) },
	{ "provision-listen", STR(provision_listen) },
	{ "provision-tls-listen", STR(provision_tls_listen) },
	{ "sip-listen", STR(sip_listen) },
	{ "tftp-listen", STR(tftp_listen) },
	{ "web-root", STR(web_root) },
	{ "tls-certificate", STR(tls_certificate) },
	{ "admin-allow", STR(admin_allow) },
	{ "log-level", STR(log_level) },
	{ "passphrase-file", STR(passphrase_file) },
	{ "threads", INT(threads, 4, 256) },
	{ "session-idle-minutes", INT(session_idle_minutes, 1, 1440) },
	{ "session-max-hours", INT(session_max_hours, 1, 168) },
	{ "login-max-failures", INT(login_max_failures, 1, 100) },
	{ "address-max-failures", INT(address_max_failures, 1, 1000) },
	{ "login-lockout-minutes", INT(login_lockout_minutes, 1, 1440) },
	{ "login-delay-seconds", INT(login_delay_seconds, 1, 3600) },
	{ "account-max-failures", INT(account_max_failures, 1, 50) },
	{ "sip-t1-ms", INT(sip_t1_ms, 10, 5000) },
	{ "provision-threads", INT(provision_threads, 8, 1024) },
	{ "provision-upload-seconds", INT(provision_upload_seconds, 1, 600) },
	{ "connections-per-address", INT(connections_per_address, 1, 1024) },
	{ "request-timeout-seconds", INT(request_timeout_seconds, 1, 120) },
	{ "unify-sip-port", INT(unify_sip_port, 1, 65535) },
	{ "unify-rest-port", INT(unify_rest_port, 1, 65535) },
	{ "unify-ca-file", STR(unify_ca_file) },
	{ "unify-check-timeout-ms", INT(unify_check_timeout_ms, 100, 60000) },
	{ "unify-check-minutes", INT(unify_check_minutes, 0, 1440) },
};

static void
defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->command = CMD_SERVE;
	strcpy(c->admin_listen, "0.0.0.0:8443");
	strcpy(c->provision_listen, "0.0.0.0:8088");
	strcpy(c->provision_tls_listen, "0.0.0.0:8089");
	strcpy(c->sip_listen, "0.0.0.0:5060");
	strcpy(c->tftp_listen, "off");
	strcpy(c->web_root, "web");
	strcpy(c->log_level, "info");
	c->threads = 32;
	c->session_idle_minutes = 30;
	c->session_max_hours = 12;
	c->login_max_failures = 5;
	c->address_max_failures = 20;
	c->login_lockout_minutes = 15;
	c->login_delay_seconds = 30;
	c->account_max_failures = 50;
	c->sip_t1_ms = 500;
	c->provision_threads = 128;
	c->provision_upload_seconds = 30;
	c->connections_per_address = 16;
	c->request_timeout_seconds = 10;
	c->unify_sip_port = 65061;
	c->unify_rest_port = 443;
	c->unify_check_timeout_ms = 5000;
	c->unify_check_minutes = 5;
}

static const struct opt *
find_opt(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(opts[i].name, name) == 0)
			return &opts[i];
	return NULL;
}

static int
set_opt(struct config *c, const struct opt *o, const char *value, char *err,
    size_t errlen)
{
	char *base = (char *)c + o->offset;
	int64_t v;
	size_t cap = strcmp(o->name, "log-level") == 0 ? sizeof(c->log_level) :
	    CONFIG_STR_MAX;

	if (o->kind == OPT_INT) {
		if (parse_int64(value, o->min, o->max, &v) != 0) {
			snprintf(err, errlen, "--%s: expected a number from "
			    "%lld to %lld, got '%.64s'", o->name,
			    (long long)o->min, (long long)o->max, value);
			return -1;
		}
		memcpy(base, &v, sizeof(v));
		return 0;
	}
	if (strlen(value) >= cap) {
		snprintf(err, errlen, "--%s: value too long", o->name);
		return -1;
	}
	strcpy(base, value);
	return 0;
}

int
config_changed(const struct config *a, const struct config *b, char *out,
    size_t outlen)
{
	size_t i, at = 0;
	int n = 0;
	const char *p;

	out[0] = '\0';
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		const struct opt *o = &opts[i];
		const char *fa = (const char *)a + o->offset;
		const char *fb = (const char *)b + o->offset;

		if (strcmp(o->name, "data") == 0 ||
		    strcmp(o->name, "config") == 0 ||
		    strcmp(o->name, "log-level") == 0)
			continue;
		if (o->kind == OPT_INT ? memcmp(fa, fb, sizeof(int64_t)) == 0 :
		    strcmp(fa, fb) == 0)
			continue;
		n++;
		if (at + strlen(o->name) + 2 > outlen)
			continue;
		if (at > 0)
			out[at++] = ',';
		for (p = o->name; *p; p++)
			out[at++] = *p == '-' ? '_' : *p;
		out[at] = '\0';
	}
	return n;
}

int
config_check_listen(const char *s)
{
	const char *colon = strrchr(s, ':');
	int64_t port;

	if (colon == NULL || colon == s)
		return -1;
	if (s[0] == '[' && colon[-1] != ']')
		return -1;
	if (parse_int64(colon + 1, 1, 65535, &port) != 0)
		return -1;
	for (; s < colon; s++)
		if (!isalnum((unsigned char)*s) && strchr(".:[]-", *s) == NULL)
			return -1;
	return 0;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
load_file(struct config *c, const char *path, char *err, size_t errlen)
{
	char *text, *line, *save = NULL, *eq, *key, *val, *p;
	const struct opt *o;
	int lineno = 0, rc = -1;

	if (read_file_max(path, CONFIG_FILE_MAX, &text, NULL) != 0) {
		snprintf(err, errlen, "cannot read config file %s", path);
		return -1;
	}
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		line = trim(line);
		if (*line == '\0')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			snprintf(err, errlen, "%s:%d: expected 'key = value'",
			    path, lineno);
			goto out;
		}
		*eq = '\0';
		key = trim(line);
		val = trim(eq + 1);
		for (p = key; *p; p++)
			if (*p == '_')
				*p = '-';
		o = find_opt(key);
		if (o == NULL || strcmp(key, "config") == 0) {
			snprintf(err, errlen, "%s:%d: unknown key '%.64s'",
			    path, lineno, key);
			goto out;
		}
		if (set_opt(c, o, val, err, errlen) != 0)
			goto out;
	}
	rc = 0;
out:
	free(text);
	return rc;
}

/* "A.B.C.D:PORT", already checked as ADDR:PORT. */
static bool
ipv4_listen(const char *s)
{
	const char *colon = strrchr(s, ':');
	char host[INET_ADDRSTRLEN];
	struct in_addr a;

	if ((size_t)(colon - s) >= sizeof(host))
		return false;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - s), s);
	return inet_pton(AF_INET, host, &a) == 1;
}

static int
check(struct config *c, char *err, size_t errlen)
{
	const char *listens[] = { c->admin_listen, c->provision_listen,
	    c->provision_tls_listen, c->sip_listen, c->tftp_listen };
	const char *names[] = { "admin-listen", "provision-listen",
	    "provision-tls-listen", "sip-listen", "tftp-listen" };
	size_t i;

	for (i = 0; i < 5; i++)
		if (config_check_listen(listens[i]) != 0 && !(i > 0 &&
		    strcmp(listens[i], "off") == 0)) {
			snprintf(err, errlen, "--%s: expected ADDR:PORT, got "
			    "'%.64s'", names[i], listens[i]);
			return -1;
		}
	if (strcmp(c->tftp_listen, "off") != 0 && !ipv4_listen(c->tftp_listen)) {
		snprintf(err, errlen, "--tftp-listen: expected IPV4:PORT (DHCP "
		    "option 066 is IPv4), got '%.64s'", c->tftp_listen);
		return -1;
	}
	if (strcmp(c->log_level, "debug") && strcmp(c->log_level, "info") &&
	    strcmp(c->log_level, "warn") && strcmp(c->log_level, "error")) {
		snprintf(err, errlen, "--log-level: expected debug, info, "
		    "warn or error");
		return -1;
	}
	if (c->command != CMD_VERSION && c->command != CMD_HELP &&
	    c->data_dir[0] == '\0') {
		snprintf(err, errlen, "--data DIR is required");
		return -1;
	}
	return 0;
}

int
config_load(struct config *c, int argc, char **argv, char *err, size_t errlen)
{
	const struct opt *o;
	const char *cmd = NULL, *cmd_arg = NULL;
	int i;

	defaults(c);
	/* The config file is read first so that flags override it. */
	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "--config") == 0 &&
		    load_file(c, argv[i + 1], err, errlen) != 0)
			return -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *eq;
		char name[64];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			c->command = CMD_HELP;
			return 0;
		}
		if (strcmp(a, "--version") == 0) {
			c->command = CMD_VERSION;
			return 0;
		}
		if (strncmp(a, "--", 2) != 0) {
			if (cmd == NULL) {
				cmd = a;
			} else if (cmd_arg == NULL) {
				cmd_arg = a;
			} else {
				snprintf(err, errlen, "unexpected argument "
				    "'%.64s'", a);
				return -1;
			}
			continue;
		}
		a += 2;
		/* The two flags that take no value. */
		if (strcmp(a, "include-key") == 0 ||
		    strcmp(a, "force-without-key") == 0) {
			*(a[0] == 'i' ? &c->include_key :
			    &c->force_without_key) = 1;
			continue;
		}
		eq = strchr(a, '=');
		if (strlen(a) >= sizeof(name) || (eq && eq - a >= 64)) {
			snprintf(err, errlen, "unknown option");
			return -1;
		}
		if (eq) {
			memcpy(name, a, (size_t)(eq - a));
			name[eq - a] = '\0';
			val = eq + 1;
		} else {
			strcpy(name, a);
		}
		if ((o = find_opt(name)) == NULL) {
			snprintf(err, errlen, "unknown option --%.64s "
			    "(see --help)", name);
			return -1;
		}
		if (val == NULL) {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "--%s needs a value",
				    name);
				return -1;
			}
			val = argv[++i];
		}
		if (set_opt(c, o, val, err, errlen) != 0)
			return -1;
	}
	if (cmd != NULL) {
		if (strcmp(cmd, "backup") == 0)
			c->command = CMD_BACKUP;
		else if (strcmp(cmd, "restore") == 0)
			c->command = CMD_RESTORE;
		else if (strcmp(cmd, "check") == 0)
			c->command = CMD_CHECK;
		else if (strcmp(cmd, "backup-system") == 0)
			c->command = CMD_BACKUP_SYSTEM;
		else if (strcmp(cmd, "restore-system") == 0)
			c->command = CMD_RESTORE_SYSTEM;
		else {
			snprintf(err, errlen, "unknown command '%.64s' "
			    "(see --help)", cmd);
			return -1;
		}
		if (c->command != CMD_CHECK &&
		    (cmd_arg == NULL || strlen(cmd_arg) >= CONFIG_STR_MAX)) {
			snprintf(err, errlen, "%s needs a FILE", cmd);
			return -1;
		}
		if (c->command == CMD_CHECK && cmd_arg != NULL) {
			snprintf(err, errlen, "check takes no argument");
			return -1;
		}
		if (cmd_arg)
			strcpy(c->command_arg, cmd_arg);
	}
	return check(c, err, errlen);
}

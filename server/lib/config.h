/* Switchboard — configuration: defaults, the config file, the command line.
 * A flag overrides the config file, which overrides the defaults. */
#ifndef SB_CONFIG_H
#define SB_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define CONFIG_STR_MAX 512

enum config_command {
	CMD_SERVE, CMD_BACKUP, CMD_RESTORE, CMD_CHECK, CMD_VERSION, CMD_HELP,
	CMD_BACKUP_SYSTEM, CMD_RESTORE_SYSTEM
};

struct config {
	enum config_command command;
	char	command_arg[CONFIG_STR_MAX];	/* FILE of backup/restore */
	/* backup-system and restore-system: the file holding the passphrase
	 * (else SWITCHBOARD_BACKUP_PASSPHRASE; never the command line). */
	char	passphrase_file[CONFIG_STR_MAX];
	int	include_key;		/* backup-system --include-key */
	int	force_without_key;	/* restore-system --force-without-key */
	char	data_dir[CONFIG_STR_MAX];
	char	config_file[CONFIG_STR_MAX];
	char	admin_listen[CONFIG_STR_MAX];
	char	provision_listen[CONFIG_STR_MAX];
	char	provision_tls_listen[CONFIG_STR_MAX];
	char	sip_listen[CONFIG_STR_MAX];
	char	tftp_listen[CONFIG_STR_MAX];	/* "off" or IPV4:PORT */
	char	web_root[CONFIG_STR_MAX];
	char	tls_certificate[CONFIG_STR_MAX];	/* PEM: key + chain */
	char	admin_allow[CONFIG_STR_MAX];	/* CivetWeb ACL syntax */
	char	log_level[16];
	int64_t	threads;
	int64_t	session_idle_minutes;
	int64_t	session_max_hours;
	int64_t	login_max_failures;	/* per account and address */
	int64_t	address_max_failures;	/* per client address */
	int64_t	login_lockout_minutes;	/* longest wait; window */
	int64_t	login_delay_seconds;	/* first wait, then doubling */
	int64_t	account_max_failures;	/* per account an hour */
	int64_t	sip_t1_ms;		/* RFC 3261 T1: retransmit base */
	int64_t	provision_threads;	/* provisioning workers */
	int64_t	provision_upload_seconds;	/* a phone's PUT body, whole */
	int64_t	connections_per_address;	/* open at once, per listener */
	int64_t	request_timeout_seconds;	/* a request's head, and each
						   wait for more of a body */
	/* Where the Unify Phone cloud listens (seed 003: 65061, HTTPS 443);
	 * a lab points them at its own connector. */
	int64_t	unify_sip_port;
	int64_t	unify_rest_port;
	char	unify_ca_file[CONFIG_STR_MAX];	/* "" = system's store */
	int64_t	unify_check_timeout_ms;	/* each connector check */
	int64_t	unify_check_minutes;	/* between checks; 0 = on demand */
};

/* Fill c with defaults, then the config file (if --config names one), then
 * the flags in argv. On error writes a message into err and returns -1. */
int	config_load(struct config *c, int argc, char **argv, char *err,
	    size_t errlen);

/* The keys whose values differ between a and b, in config-file spelling
 * ("admin_listen"), comma-separated into out ("" if none), leaving out
 * data, config and log_level. Returns how many differ. */
int	config_changed(const struct config *a, const struct config *b,
	    char *out, size_t outlen);

/* Check that "ADDR:PORT" / "[V6]:PORT" is well formed. 0 or -1. */
int	config_check_listen(const char *s);

/* The --help text. */
extern const char config_usage[];

#endif

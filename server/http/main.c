/* Switchboard — start-up and shutdown of the appliance daemon, and the
 * backup / restore / check commands. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../db/audit_store.h"
#include "../../db/backup.h"
#include "../../db/db.h"
#include "../../db/db_pool.h"
#include "../../db/job_store.h"
#include "../../db/migrate.h"
#include "../../db/user_store.h"
#include "api.h"
#include "../system/auth.h"
#include "../lib/backup_manifest.h"
#include "../system/backups.h"
#include "../system/nightly_backup.h"
#include "../system/system_backup.h"
#include "../system/system_restore.h"
#include "civetweb.h"
#include "../lib/config.h"
#include "../lib/digest.h"
#include "../lib/ooxml_encrypt.h"
#include "../provisioning/firmware_repo.h"
#include "http.h"
#include "http_admit.h"
#include "../system/jobs.h"
#include "../lib/log.h"
#include "../phones/phone_options.h"
#include "../provisioning/provision.h"
#include "../provisioning/provision_cache.h"
#include "../provisioning/provision_http.h"
#include "../provisioning/provision_log.h"
#include "../provisioning/tftp_server.h"
#include "../reboots/reboot_runner.h"
#include "../lib/seal.h"
#include "../lib/tls_dial.h"
#include "../reboots/sip_notifier.h"
#include "../sip_devices/handover_job.h"
#include "../unify/clone_guard.h"
#include "../unify/connector_status.h"
#include "static_files.h"
#include "tls_cert.h"
#include "tls_reload.h"
#include "../lib/util.h"

#ifndef SWITCHBOARD_VERSION
#define SWITCHBOARD_VERSION "0.0.0-dev"
#endif

#define PURGE_EVERY_SECONDS 60
/* The nightly backup's hour is looked at this often: one settings read. */
#define NIGHTLY_EVERY_SECONDS 5
#define SYSTEM_WEB_ROOT "/usr/share/switchboard/web"

static char db_path[1100];

static void
die(const char *msg)
{
	fprintf(stderr, "switchboard: %s\n", msg);
	log_event(LOG_ERROR, "server.fatal", "error", msg, NULL);
	exit(1);
}

static void
path_in(char *buf, size_t len, const char *dir, const char *name)
{
	if (snprintf(buf, len, "%s/%s", dir, name) >= (int)len)
		die("data directory path too long");
}

/* Create dir if missing, and prove we can write into it. */
static void
check_data_dir(const char *dir)
{
	char probe[1100], msg[1400];
	int fd;

	if (make_private_dir(dir, "data directory", msg, sizeof(msg)) != 0)
		die(msg);
	path_in(probe, sizeof(probe), dir, ".write-test");
	fd = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(msg, sizeof(msg), "data directory %s is not writable: "
		    "%s", dir, strerror(errno));
		die(msg);
	}
	close(fd);
	unlink(probe);
}

/* One daemon per data directory. Returns the held fd, or -1 if another
 * process holds it. */
static int
lock_data_dir(const char *dir)
{
	char path[1100];
	int fd;

	path_in(path, sizeof(path), dir, "switchboard.lock");
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static struct db *
open_db_or_die(void)
{
	char err[600];
	struct db *db = db_open(db_path, err, sizeof(err));

	if (db == NULL)
		die(err);
	return db;
}

static int
cmd_backup(const struct config *c)
{
	char err[600];
	struct db *db;

	if (access(db_path, R_OK) != 0)
		die("no database in the data directory");
	db = open_db_or_die();
	if (db_backup_to(db_handle(db), c->command_arg, NULL, NULL, err,
	    sizeof(err)) != 0) {
		db_close(db);
		die(err);
	}
	db_close(db);
	printf("backup written to %s\n", c->command_arg);
	return 0;
}

/* Right after a package install the data directory is empty: that is a
 * healthy appliance not yet started, unless a sealing key shows that a
 * database existed there and is gone. */
static int
cmd_check(const struct config *c)
{
	char err[600], key[1100];
	struct db *db;
	int v, latest = migrations_builtin_count;

	if (access(db_path, F_OK) != 0) {
		path_in(key, sizeof(key), c->data_dir, "secret.key");
		if (access(key, F_OK) == 0) {
			printf("check: FAILED: %s holds secret.key but no "
			    "database\n", c->data_dir);
			return 1;
		}
		printf("check: ok: no database yet in %s (the first start "
		    "creates it); schema version 0 of %d\n", c->data_dir,
		    latest);
		return 0;
	}
	if (access(db_path, R_OK) != 0)
		die("the database is not readable");
	db = open_db_or_die();
	v = migrate_version(db);
	if (db_check(db, err, sizeof(err)) != 0) {
		printf("check: FAILED: %s\n", err);
		db_close(db);
		return 1;
	}
	db_close(db);
	if (v > latest) {
		/* Never a silent downgrade: the daemon refuses it too. */
		printf("check: FAILED: the database has schema version %d but "
		    "this switchboard knows only up to %d; run a newer "
		    "switchboard or restore a backup\n", v, latest);
		return 1;
	}
	printf("check: ok (integrity, foreign keys); schema version %d of "
	    "%d%s\n", v, latest, v < latest ? " (the daemon migrates it at "
	    "start, after a backup)" : "");
	return 0;
}

static int
cmd_restore(const struct config *c)
{
	char err[600];
	int lock = lock_data_dir(c->data_dir);

	if (lock < 0)
		die("the appliance is running on this data directory; stop it "
		    "before a restore");
	if (db_restore_from(c->command_arg, db_path,
	    migrations_builtin_count, err, sizeof(err)) != 0)
		die(err);
	printf("restored %s into %s\n", c->command_arg, db_path);
	close(lock);
	return 0;
}

/* The passphrase of backup-system / restore-system: from the file named
 * by --passphrase-file (one line), else $SWITCHBOARD_BACKUP_PASSPHRASE;
 * never from the command line, where ps would show it. NULL if neither.
 * Caller wipes and frees. */
static char *
read_passphrase(const struct config *c)
{
	const char *env = getenv("SWITCHBOARD_BACKUP_PASSPHRASE");
	char *text = NULL;
	size_t len = 0;

	if (c->passphrase_file[0]) {
		if (read_file_max(c->passphrase_file, BACKUP_PASSPHRASE_MAX + 2,
		    &text, &len) != 0)
			die("cannot read the passphrase file");
		text[strcspn(text, "\r\n")] = '\0';
		return text;
	}
	return env ? xstrdup(env) : NULL;
}

static void
free_passphrase(char *p)
{
	if (p) {
		sodium_memzero(p, strlen(p));
		free(p);
	}
}

static int
cmd_backup_system(const struct config *c)
{
	char cert[1100], err[600], *passphrase = NULL;
	const char *problem;
	struct system_backup_opts o;
	struct db *db;
	struct stat sb;

	if (access(db_path, R_OK) != 0)
		die("no database in the data directory");
	if (c->include_key) {
		passphrase = read_passphrase(c);
		if ((problem = backup_passphrase_problem(passphrase)) != NULL) {
			free_passphrase(passphrase);
			die(passphrase ? problem : "--include-key needs the "
			    "passphrase: --passphrase-file FILE or "
			    "SWITCHBOARD_BACKUP_PASSPHRASE");
		}
	}
	if (c->tls_certificate[0])
		snprintf(cert, sizeof(cert), "%s", c->tls_certificate);
	else
		path_in(cert, sizeof(cert), c->data_dir, "tls/server.pem");
	o.data_dir = c->data_dir;
	o.cert_path = cert;
	o.version = SWITCHBOARD_VERSION;
	o.passphrase = passphrase;
	db = open_db_or_die();
	if (system_backup_write(db, &o, c->command_arg, NULL, NULL, err,
	    sizeof(err)) != 0) {
		db_close(db);
		free_passphrase(passphrase);
		die(err);
	}
	db_close(db);
	free_passphrase(passphrase);
	stat(c->command_arg, &sb);
	printf("system backup written to %s (%lld bytes, %s the secret "
	    "key)\n", c->command_arg, (long long)sb.st_size, c->include_key ?
	    "with" : "without");
	return 0;
}

static ssize_t
read_fd(void *arg, char *buf, size_t len)
{
	ssize_t n = read(*(int *)arg, buf, len);

	return n < 0 ? -1 : n;
}

static int
cmd_restore_system(const struct config *c)
{
	char err[600], *passphrase;
	json_t *info = NULL;
	int lock = lock_data_dir(c->data_dir), fd;
	enum restore_status rc;

	if (lock < 0)
		die("the appliance is running on this data directory; stop it "
		    "before a restore");
	if ((fd = open(c->command_arg, O_RDONLY | O_CLOEXEC)) < 0)
		die("cannot read the archive");
	rc = system_restore_stage(c->data_dir, read_fd, &fd,
	    migrations_builtin_count, &info, err, sizeof(err));
	close(fd);
	if (rc != RESTORE_OK)
		die(err);
	json_decref(info);
	passphrase = read_passphrase(c);
	rc = system_restore_confirm(c->data_dir, passphrase,
	    c->force_without_key != 0, err, sizeof(err));
	free_passphrase(passphrase);
	if (rc != RESTORE_OK) {
		system_restore_cancel(c->data_dir);
		if (rc == RESTORE_NO_KEY)
			strncat(err, " (--force-without-key)", sizeof(err) -
			    strlen(err) - 1);
		if (rc == RESTORE_PASSPHRASE)
			strncat(err, " (--passphrase-file FILE or "
			    "SWITCHBOARD_BACKUP_PASSPHRASE)", sizeof(err) -
			    strlen(err) - 1);
		die(err);
	}
	if (system_restore_apply_pending(c->data_dir, err, sizeof(err)) != 1)
		die(err[0] ? err : "nothing was restored");
	printf("restored %s into %s; the appliance migrates it, if need be, "
	    "when it starts\n", c->command_arg, c->data_dir);
	close(lock);
	return 0;
}

/* A restore applied at this start, in the audit log (actor "system"). */
static void
audit_restore(struct db *db, int applied, const char *err)
{
	struct audit_entry e = { "system", 0, "cli", "", "system.restore.apply",
	    "system backup", applied == 1, NULL };
	json_t *detail = applied == 1 ? NULL : json_pack("{s:s}", "reason",
	    err);

	e.detail = detail;
	audit_store_add(db, &e);
	json_decref(detail);
}

/* The provisioning workers' connections: one worker per keep-alive phone,
 * but most answers come from the file cache, so a few connections serve
 * them all (each costs its schema, statement and page caches). */
#define PROVISION_DB_CONNECTIONS 4
static struct db_pool *provision_pool;

static void *
thread_init(const struct mg_context *ctx, int thread_type)
{
	char err[600];
	struct db *db;

	/* Only admin request workers own a connection; provisioning
	 * workers (the context with user data) borrow from the pool. */
	if (thread_type != 1 || mg_get_user_data(ctx) != NULL)
		return NULL;
	if ((db = db_open(db_path, err, sizeof(err))) == NULL)
		log_event(LOG_ERROR, "db.open", "error", err, NULL);
	return db;
}

static void
thread_exit(const struct mg_context *ctx, int thread_type, void *p)
{
	(void)ctx;
	if (thread_type == 1)
		db_close(p);	/* NULL for provisioning workers */
}

static int
civetweb_log(const struct mg_connection *conn, const char *message)
{
	(void)conn;
	log_event(LOG_WARN, "civetweb", "message", message, NULL);
	return 1;
}

static void
pick_web_root(struct config *c)
{
	char index[CONFIG_STR_MAX + 16];

	snprintf(index, sizeof(index), "%s/index.html", c->web_root);
	if (access(index, R_OK) != 0 &&
	    access(SYSTEM_WEB_ROOT "/index.html", R_OK) == 0)
		snprintf(c->web_root, sizeof(c->web_root), "%s",
		    SYSTEM_WEB_ROOT);
}

static void
prepare(struct config *c, struct db **out)
{
	char path[1100], err[1024];
	struct db *db;
	int n;

	path_in(path, sizeof(path), c->data_dir, "secret.key");
	if (seal_init(path, err, sizeof(err)) != 0)
		die(err);
	db = open_db_or_die();
	if (db_enable_wal(db) != 0)
		die("cannot switch the database to WAL mode");
	path_in(path, sizeof(path), c->data_dir, "backups");
	n = migrate_run(db, migrations_builtin, migrations_builtin_count,
	    path, err, sizeof(err));
	if (n < 0)
		die(err);
	if (phone_options_publish(db) != 0)
		die("cannot record the phone families' default options");
	if (clone_guard_startup(db, c->data_dir) != 0)
		die("cannot check the appliance's identity (Unify Phone clone "
		    "guard)");
	if (backups_init(path, err, sizeof(err)) != 0)
		die(err);
	path_in(path, sizeof(path), c->data_dir, "firmware");
	if (firmware_repo_init(path, err, sizeof(err)) != 0)
		die(err);
	if (c->tls_certificate[0] == '\0') {
		path_in(path, sizeof(path), c->data_dir, "tls");
		if (make_private_dir(path, "tls directory", err,
		    sizeof(err)) != 0)
			die(err);
		path_in(c->tls_certificate, sizeof(c->tls_certificate),
		    path, "server.pem");
		if ((n = tls_cert_ensure(c->tls_certificate, err,
		    sizeof(err))) < 0)
			die(err);
		if (n == 1)
			log_event(LOG_INFO, "tls.self_signed", "file",
			    c->tls_certificate, NULL);
	} else if (access(c->tls_certificate, R_OK) != 0) {
		snprintf(err, sizeof(err), "cannot read certificate %s",
		    c->tls_certificate);
		die(err);
	}
	pick_web_root(c);
	if (static_files_load(c->web_root, err, sizeof(err)) != 0)
		die(err);
	*out = db;
}

static struct mg_context *
start_context(const char **options, mg_request_handler handler,
    const char *what, const char *listen, void *user_data)
{
	struct mg_callbacks cb;
	struct mg_init_data init;
	struct mg_error_data error;
	struct mg_context *ctx;
	char ebuf[512];

	memset(&cb, 0, sizeof(cb));
	cb.init_thread = thread_init;
	cb.exit_thread = thread_exit;
	cb.http_error = http_error;
	cb.log_message = civetweb_log;
	cb.init_ssl = tls_reload_init_ssl;
	memset(&init, 0, sizeof(init));
	init.callbacks = &cb;
	init.user_data = user_data;
	init.configuration_options = options;
	memset(&error, 0, sizeof(error));
	ebuf[0] = '\0';
	error.text = ebuf;
	error.text_buffer_size = sizeof(ebuf);
	ctx = mg_start2(&init, &error);
	if (ctx == NULL) {
		char msg[1400];

		snprintf(msg, sizeof(msg), "cannot start the %s listener on "
		    "%s: %s%s", what, listen, ebuf,
		    strstr(ebuf, "bind") || strstr(ebuf, "port") ?
		    " (is the port in use by another program?)" : "");
		die(msg);
	}
	mg_set_request_handler(ctx, "/", handler, NULL);
	return ctx;
}

/* What both listeners set alike, into options from index 0: their ports
 * and certificate, TLS 1.2 and newer, the workers, and how long a request
 * may take (its head must come whole within the timeout, and each read of
 * a body too, in the patched CivetWeb: a slow client gives its worker back
 * in seconds). threads and timeout hold the numbers as text; they, like
 * ports, must outlive the listener's start. Returns the next index.
 *
 * TLS 1.2 and newer on both (README, "TLS versions"): OpenSSL 3 at
 * Debian's security level cannot do TLS 1.1, so allowing it only turned a
 * clear protocol_version alert into internal_error. tcp_nodelay: headers
 * and body go out as separate TLS records, and without it Nagle waits for
 * the client's delayed ACK (40 ms) on every reply. */
static int
listener_options(const char **options, const struct config *c,
    const char *ports, int64_t nthreads, char threads[16], char timeout[16])
{
	int i = 0;

	snprintf(threads, 16, "%lld", (long long)nthreads);
	snprintf(timeout, 16, "%lld", (long long)c->request_timeout_seconds *
	    1000);
	options[i++] = "listening_ports";
	options[i++] = ports;
	options[i++] = "ssl_certificate";
	options[i++] = c->tls_certificate;
	options[i++] = "ssl_protocol_version";
	options[i++] = "4";
	options[i++] = "num_threads";
	options[i++] = threads;
	options[i++] = "request_timeout_ms";
	options[i++] = timeout;
	options[i++] = "enable_keep_alive";
	options[i++] = "yes";
	options[i++] = "keep_alive_timeout_ms";
	options[i++] = "5000";
	options[i++] = "tcp_nodelay";
	options[i++] = "1";
	options[i++] = "decode_url";
	options[i++] = "no";
	options[i++] = "enable_auth_domain_check";
	options[i++] = "no";
	return i;
}

static struct mg_context *
start_http(const struct config *c)
{
	char ports[CONFIG_STR_MAX + 2], threads[16], timeout[16];
	const char *options[32];
	int i;

	snprintf(ports, sizeof(ports), "%ss", c->admin_listen);
	i = listener_options(options, c, ports, c->threads, threads, timeout);
	options[i++] = "ssl_cipher_list";
	options[i++] = "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:!aNULL:!MD5";
	options[i++] = "max_request_size";
	options[i++] = "16384";
	options[i++] = "additional_header";
	options[i++] = http_security_headers;
	if (c->admin_allow[0]) {
		options[i++] = "access_control_list";
		options[i++] = c->admin_allow;
	}
	options[i] = NULL;

	return start_context(options, http_handle, "admin", c->admin_listen,
	    NULL);
}

/* The provisioning listeners: HTTP and HTTPS ports of one context, apart
 * from the admin port; "off" leaves a listener out. NULL if both are.
 * Ciphers stay OpenSSL's defaults: phones offer fewer suites than
 * browsers. */
static struct mg_context *
start_provision(const struct config *c)
{
	char ports[2 * CONFIG_STR_MAX + 4], threads[16], timeout[16];
	const char *options[32];
	int i;

	ports[0] = '\0';
	if (strcmp(c->provision_listen, "off") != 0)
		snprintf(ports, sizeof(ports), "%s", c->provision_listen);
	if (strcmp(c->provision_tls_listen, "off") != 0)
		snprintf(ports + strlen(ports), sizeof(ports) - strlen(ports),
		    "%s%ss", ports[0] ? "," : "", c->provision_tls_listen);
	if (ports[0] == '\0')
		return NULL;
	i = listener_options(options, c, ports, c->provision_threads, threads,
	    timeout);
	options[i++] = "max_request_size";
	options[i++] = "8192";
	options[i] = NULL;
	provision_pool = db_pool_new(db_path, PROVISION_DB_CONNECTIONS,
	    "PRAGMA cache_size=-512");
	return start_context(options, provision_http_handle, "provisioning",
	    ports, provision_pool);
}

/* The SIP notifier and the campaign runner. A port already taken (another
 * SIP server on this box) leaves reboots unavailable, not the appliance:
 * the API says so, and the log says why. */
static void
start_sip(const struct config *c, const char *path)
{
	char err[600];

	if (strcmp(c->sip_listen, "off") == 0)
		return;
	if (sip_notifier_start(c->sip_listen, (int)c->sip_t1_ms, err,
	    sizeof(err)) != 0) {
		log_event(LOG_ERROR, "sip.start", "error", err, NULL);
		return;
	}
	if (reboot_runner_start(path, err, sizeof(err)) != 0) {
		log_event(LOG_ERROR, "reboot.start", "error", err, NULL);
		sip_notifier_stop();
	}
}

/* The recovery-mode TFTP server, when configured. Like the SIP port, a
 * port that cannot be bound leaves TFTP off, not the appliance: the log
 * says why and the Network records page shows no appliance TFTP. */
static void
start_tftp(const struct config *c, const char *path)
{
	char err[600];

	if (strcmp(c->tftp_listen, "off") == 0)
		return;
	if (tftp_server_start(c->tftp_listen, path, err, sizeof(err)) != 0)
		log_event(LOG_ERROR, "tftp.start", "error", err, NULL);
}

static void
banner(const struct config *c, struct db *db)
{
	const char *colon = strrchr(c->admin_listen, ':');
	char host[256];
	int need_setup = user_store_count_admins(db, false) == 0;

	snprintf(host, sizeof(host), "%.*s", (int)(colon - c->admin_listen),
	    c->admin_listen);
	if (strcmp(host, "0.0.0.0") == 0 || strcmp(host, "[::]") == 0)
		strcpy(host, "localhost");
	printf("\nSwitchboard %s is running.\n"
	    "  Open https://%s:%s/ in a browser.\n"
	    "  The certificate is self-signed unless you configured one: "
	    "accept it once,\n  or replace it under System > Certificate.\n"
	    "  %s\n  Data directory: %s\n  Stop with Ctrl-C (SIGTERM).\n\n",
	    SWITCHBOARD_VERSION, host, colon + 1, need_setup ?
	    "First visit: create the administrator account on the setup page." :
	    "Log in with your administrator account.", c->data_dir);
	fflush(stdout);
}

/* SIGHUP ("systemctl reload"): what can change while running. The config
 * file is read again (flags still win over it): its log_level applies at
 * once, and the certificate file is read again for new TLS connections.
 * Any other key that changed is named as needing a restart. A config file
 * or certificate that does not load changes nothing. loaded is the
 * configuration as read at start, before defaults were filled in from the
 * data directory. */
static void
reload(const struct config *loaded, const char *cert, int argc, char **argv)
{
	struct config now;
	char err[600], changed[600];
	enum log_level level;

	if (config_load(&now, argc, argv, err, sizeof(err)) != 0) {
		log_event(LOG_ERROR, "config.reload", "error", err, NULL);
		return;
	}
	/* The lines below are written at the more verbose of the old and
	 * the new level, so that a reload is logged either way. */
	level = log_level_named(now.log_level);
	if (level < log_get_level())
		log_set_level(level);
	if (tls_reload_load(cert, err, sizeof(err)) != 0)
		log_event(LOG_ERROR, "tls.reload", "file", cert, "error", err,
		    NULL);
	else
		log_event(LOG_INFO, "tls.reload", "file", cert, NULL);
	config_changed(loaded, &now, changed, sizeof(changed));
	log_event(LOG_INFO, "config.reload", "log_level", now.log_level,
	    "restart_needed", changed[0] ? changed : NULL, NULL);
	log_set_level(level);
}

static int
serve(struct config *c, int argc, char **argv)
{
	struct config loaded = *c;
	struct mg_context *ctx, *prov;
	struct db *db = NULL;
	sigset_t set;
	/* A tick: provisioning records are written four times a second, so
	 * a boot storm's queue stays small. */
	struct timespec wait = { 0, 250 * 1000 * 1000 };
	int ticks = 0;
	char err[600];
	int lock, sig, restored, status = 0;

	if ((lock = lock_data_dir(c->data_dir)) < 0)
		die("another switchboard is running on this data directory");
	/* A pending system restore goes in before anything is opened; a
	 * failed one leaves the old system whole, and it starts. */
	restored = system_restore_apply_pending(c->data_dir, err, sizeof(err));
	prepare(c, &db);
	if (restored != 0)
		audit_restore(db, restored, err);
	backups_configure(c->data_dir, c->tls_certificate,
	    SWITCHBOARD_VERSION);
	/* Block the stop signals before any thread exists; they inherit it. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* The loop below checkpoints every second; nothing else does. */
	db_checkpoint_in_background();
	jobs_on_finished(provision_cache_bump);
	if (jobs_start(db_path, err, sizeof(err)) != 0)
		die(err);
	/* Hand-overs a stopped process left building failed with it. */
	handover_expire(db, c->data_dir, now_unix(), true);
	http_init(c);
	api_system_init(SWITCHBOARD_VERSION, db_path);
	mg_init_library(MG_FEATURES_TLS);
	digest_init();
	provision_init(c);
	http_admit_init((int)c->connections_per_address);
	prov = start_provision(c);
	start_sip(c, db_path);
	start_tftp(c, db_path);
	if (connector_watch_start(db_path, c, err, sizeof(err)) != 0)
		log_event(LOG_ERROR, "unify.watch", "error", err, NULL);
	/* The admin port opens last: once it accepts, everything is up, and
	 * a listener that cannot start has ended the process before any
	 * admin request was taken. */
	ctx = start_http(c);
	log_event(LOG_INFO, "server.start", "version", SWITCHBOARD_VERSION,
	    "admin", c->admin_listen, "provision", c->provision_listen,
	    "provision_tls", c->provision_tls_listen, "data", c->data_dir,
	    "web", c->web_root, NULL);
	banner(c, db);
	for (;;) {
		sig = sigtimedwait(&set, NULL, &wait);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig == SIGHUP)
			reload(&loaded, c->tls_certificate, argc, argv);
		if (system_restart_requested()) {
			status = SYSTEM_RESTART_EXIT;
			sig = SIGTERM;
			break;
		}
		provision_log_flush(db);
		if (++ticks % 4 == 0)
			db_checkpoint(db);
		if (ticks % (NIGHTLY_EVERY_SECONDS * 4) == 0)
			nightly_backup_tick(db, now_unix());
		if (ticks % (PURGE_EVERY_SECONDS * 4) == 0) {
			auth_purge(db, c);
			handover_expire(db, c->data_dir, now_unix(), false);
		}
	}
	log_event(LOG_INFO, "server.stop", "signal", strsignal(sig), NULL);
	/* Connector checks in flight end now, not after their deadlines. */
	tls_dial_cancel_all();
	connector_watch_stop();
	reboot_runner_stop();
	sip_notifier_stop();
	tftp_server_stop();
	if (prov)
		mg_stop(prov);
	db_pool_free(provision_pool);
	provision_log_flush(db);
	mg_stop(ctx);
	tls_reload_free();
	mg_exit_library();
	jobs_stop();
	db_close(db);
	static_files_free();
	seal_shutdown();
	close(lock);
	log_event(LOG_INFO, "server.stopped", "exit_status", status ==
	    SYSTEM_RESTART_EXIT ? "75 (restart)" : "0", NULL);
	return status;
}

int
main(int argc, char **argv)
{
	struct config c;
	char err[600];

	if (config_load(&c, argc, argv, err, sizeof(err)) != 0) {
		fprintf(stderr, "switchboard: %s\n", err);
		return 2;
	}
	if (c.command == CMD_HELP) {
		fputs(config_usage, stdout);
		return 0;
	}
	if (c.command == CMD_VERSION) {
		printf("switchboard %s\n", SWITCHBOARD_VERSION);
		return 0;
	}
	log_set_level(log_level_named(c.log_level));
	/* libsodium's ChaCha20 generator, seeded and reseeded from the
	 * kernel, per thread: a bulk commit makes and seals hundreds of
	 * thousands of passwords, and the default asks the kernel for every
	 * nonce and every password (two system calls each). */
	randombytes_set_implementation(&randombytes_internal_implementation);
	if (sodium_init() < 0)
		die("libsodium failed to initialise");
	/* The hand-over's compound files (libgsf), before any thread. */
	ooxml_encrypt_init();
	/* Dozens of worker threads: glibc would give busy ones arenas of
	 * their own and keep what they free; two arenas keep memory flat. */
	mallopt(M_ARENA_MAX, 2);
	/* Fixed thresholds: glibc would otherwise raise its mmap threshold
	 * after each large free and then keep every later reply-sized block
	 * in the arenas (measured: 22 MiB against 8 under the provisioning
	 * benchmark). Blocks of 64 KiB and more are mapped and unmapped. */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
	if (db_init_library() != 0)
		die("SQLite failed to initialise");
	check_data_dir(c.data_dir);
	path_in(db_path, sizeof(db_path), c.data_dir, "switchboard.db");
	switch (c.command) {
	case CMD_BACKUP:
		return cmd_backup(&c);
	case CMD_CHECK:
		return cmd_check(&c);
	case CMD_RESTORE:
		return cmd_restore(&c);
	case CMD_BACKUP_SYSTEM:
		return cmd_backup_system(&c);
	case CMD_RESTORE_SYSTEM:
		return cmd_restore_system(&c);
	default:
		return serve(&c, argc, argv);
	}
}

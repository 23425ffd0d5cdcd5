/* Switchboard — the files a Polycom phone boots from, generated from its
 * configuration: the master <MAC>.cfg (APPLICATION with CONFIG_FILES in the
 * seed's order), phone/<guid>.cfg (registrations, credentials, time,
 * QoS, options: the only file with secrets), proxy/<group>.cfg (the
 * registration group's servers), server/xic.cfg (feature codes),
 * server/cert/ca.cfg (the appliance's certificate) and phone1.cfg/sip.cfg
 * defaults. The phone reads CONFIG_FILES left to right and the first file
 * that sets a parameter wins. */
#ifndef SB_PROVISION_POLYCOM_H
#define SB_PROVISION_POLYCOM_H

#include <jansson.h>
#include <stddef.h>

/* Everything a phone's files are made of, loaded by provision.c. */
struct prov_phone {
	json_t		*phone;		/* phone_store_get() */
	json_t		*group;		/* reg_group_store_get() of its group */
	json_t		*location;	/* site_store_get() of its location */
	const char	*guid;
	const char	*mac12;		/* "0004f2aabbcc" */
	const char	*prov_password;	/* its provisioning password, plain */
	json_t		*station_passwords;	/* plain, by station order */
	json_t		*shared;	/* [{"username","password","label",
					   "line_keys"}] */
	json_t		*external_passwords;	/* plain, by position, "" */
	json_t		*external_groups;	/* by position: each external
						   registration's group */
	const char	*server_host;	/* the host the phone asked */
	const char	*app_file_path;	/* firmware, "sip.ld" when none */
};

/* The master file; pp NULL for a MAC without a phone (no phone/ and no
 * proxy/ file: nothing with a credential). custom: the phone's
 * config_files, placeholders already expanded, comma-separated, or NULL. */
char	*polycom_master(const struct prov_phone *pp, const char *mac12,
	    const char *custom, size_t *len);
char	*polycom_phone_file(const struct prov_phone *pp, size_t *len);
char	*polycom_proxy_file(json_t *group, const char *server_host,
	    size_t *len);
char	*polycom_xic_file(size_t *len);
char	*polycom_defaults_file(const char *name, size_t *len);
/* From the PEM of the appliance's certificate (certificates only). */
char	*polycom_ca_file(const char *pem, size_t *len);

/* The file name a registration group gets under proxy/: letters, digits,
 * '-' and '_' kept, anything else '_'; "<Default Registration Group>"
 * gives "_Default_Registration_Group_". */
void	polycom_group_file_name(const char *group, char *out, size_t len);

#endif

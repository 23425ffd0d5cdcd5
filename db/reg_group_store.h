/* Switchboard — registration groups and their ordered registrations. */
#ifndef SB_REG_GROUP_STORE_H
#define SB_REG_GROUP_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "../server/lib/netaddr.h"
#include "db.h"

/* One registration of a group, as stored (the rules that check it are
 * server/phones/reg_rules.c). */
enum reg_type { REG_LINE, REG_MANUAL, REG_MANAGED_PROXY, REG_DNS_SRV };

struct registration {
	enum reg_type	type;
	int64_t		line_id;
	int64_t		proxy_id;
	char		address[NETADDR_HOST_MAX + 1];
	int		port;
	char		transport[4];
	char		domain[NETADDR_HOST_MAX + 1];
};

/* A registration type as stored: "line", "manual", "managed_proxy",
 * "dns_srv". */
const char	*reg_type_name(enum reg_type t);

extern const char *const reg_group_store_sort_keys[];

/* Groups with their registrations (each with the line or proxy name). */
json_t	*reg_group_store_list(struct db *db, const char *kind,
	    const struct db_list_query *lq);
json_t	*reg_group_store_get(struct db *db, int64_t id);

/* kind and permanent of a group: DB_OK, DB_NOTFOUND. kind holds 16. */
int	 reg_group_store_info(struct db *db, int64_t id, char *kind,
	    int *permanent);

/* Create (id 0) or replace a group and its registrations. Call inside a
 * transaction. DB_OK (with *new_id), DB_CONFLICT (name taken), DB_ERROR. */
int	 reg_group_store_save(struct db *db, int64_t id, const char *name,
	    const char *kind, const struct registration *regs, int n,
	    int64_t *new_id);

/* Delete a group that is not permanent. DB_OK, DB_NOTFOUND, DB_CONFLICT
 * (still in use). */
int	 reg_group_store_delete(struct db *db, int64_t id);

#endif

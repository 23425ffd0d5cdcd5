/* Switchboard — the firmware repository's records and the custom files
 * of each manufacturer. */
#ifndef SB_FIRMWARE_STORE_H
#define SB_FIRMWARE_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct firmware_row {
	int64_t		 model_id;
	const char	*version;
	const char	*filename;
	int64_t		 size;
	const char	*sha256;
	int64_t		 uploaded_by;
};

/* DB_OK (id set), DB_CONFLICT (this model has this version already). */
int	 firmware_store_add(struct db *db, const struct firmware_row *f,
	    int64_t *id);
/* [{"id","manufacturer","model","family","version","filename","size",
 * "sha256","uploaded_at","used_by"}], newest versions first. */
json_t	*firmware_store_list(struct db *db);
json_t	*firmware_store_get(struct db *db, int64_t id);
/* Phones that select this file (by version, or "latest" when it is the
 * newest of its model). */
int64_t	 firmware_store_used_by(struct db *db, int64_t id);
int	 firmware_store_delete(struct db *db, int64_t id);
/* Phones of model_id that select "latest": they move with it. */
int64_t	 firmware_store_on_latest(struct db *db, int64_t model_id);
/* Another file record still using this SHA-256 (the stored file stays). */
int	 firmware_store_sha_in_use(struct db *db, const char *sha256);

/* The file a phone of model_id gets for selected ("latest" or a version):
 * {"id","version","filename","size","sha256"} or NULL. */
json_t	*firmware_store_for(struct db *db, int64_t model_id,
	    const char *selected);
/* Models whose catalog firmware image is name ("420HD.img"): the file
 * their newest upload is, as firmware_store_for. */
json_t	*firmware_store_by_image(struct db *db, const char *image,
	    int64_t *model_id);

/* The firmware image name of a model ("420HD.img"), or NULL. Caller
 * frees. */
char	*firmware_store_model_image(struct db *db, int64_t model_id);

#endif

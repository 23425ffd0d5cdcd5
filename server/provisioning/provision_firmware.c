/* Switchboard — firmware images, whole or the byte range a phone asks for. */
#include "provision_request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../db/firmware_store.h"
#include "../../db/provision_store.h"
#include "firmware_repo.h"

/* "bytes=a-b", "bytes=a-", "bytes=-n" against total: 0 with the part,
 * 1 when there is no (usable) Range header, -1 when it cannot be met. */
static int
parse_range(const char *h, int64_t total, int64_t *start, int64_t *len)
{
	long long a = -1, b = -1;
	const char *p;
	char *end;

	if (h == NULL || strncmp(h, "bytes=", 6) != 0 || strchr(h, ','))
		return 1;
	p = h + 6;
	if (*p == '-') {
		b = strtoll(p + 1, &end, 10);
		if (*end || b <= 0)
			return -1;
		*start = b >= total ? 0 : total - b;
		*len = total - *start;
		return 0;
	}
	a = strtoll(p, &end, 10);
	if (end == p || *end != '-' || a < 0)
		return -1;
	p = end + 1;
	if (*p) {
		b = strtoll(p, &end, 10);
		if (*end || b < a)
			return -1;
	}
	if (a >= total)
		return -1;
	if (b < 0 || b >= total)
		b = total - 1;
	*start = a;
	*len = b - a + 1;
	return 0;
}

/* A stored firmware image, whole or the part the phone asks for (it reads
 * a part to compare versions). */
static void
reply_firmware(struct request *rq, json_t *fw)
{
	struct provision_reply *out = rq->out;
	int64_t total = json_integer_value(json_object_get(fw, "size"));
	int r;

	if (firmware_repo_path(provision_str(json_object_get(fw, "sha256")),
	    out->file, sizeof(out->file)) != 0) {
		provision_reply_text(out, 404, "No such file.\n");
		return;
	}
	snprintf(out->etag, sizeof(out->etag), "\"%.32s\"", provision_str(
	    json_object_get(fw, "sha256")));
	out->type = "application/octet-stream";
	out->file_total = total;
	rq->ev.outcome = "served";
	if (rq->q->if_none_match && strstr(rq->q->if_none_match, out->etag)) {
		out->status = 304;
		out->file_len = 0;
		rq->ev.outcome = "not_modified";
		return;
	}
	r = parse_range(rq->q->range, total, &out->file_start, &out->file_len);
	if (r < 0) {
		out->status = 416;
		out->file_len = 0;
		return;
	}
	if (r == 1) {
		out->file_start = 0;
		out->file_len = total;
		out->status = 200;
	} else {
		out->status = 206;
	}
}

/* /firmware/<id>/<name> (Polycom APP_FILE_PATH). */
void
provision_serve_firmware_id(struct request *rq, const char *rest)
{
	char *end;
	long long id = strtoll(rest, &end, 10);
	json_t *fw = NULL;

	if (end != rest && *end == '/' && id > 0)
		fw = firmware_store_get(rq->db, id);
	if (fw == NULL || strcmp(end + 1, provision_str(json_object_get(fw,
	    "filename"))) != 0) {
		json_decref(fw);
		rq->ev.outcome = "missing";
		provision_reply_text(rq->out, 404, "No such file.\n");
		return;
	}
	reply_firmware(rq, fw);
	json_decref(fw);
}

/* /<image>.img (ISS, AudioCodes, Genesys): the phone's own version when
 * its User-Agent names it, else the newest uploaded for that image. */
void
provision_serve_image(struct request *rq, const char *image)
{
	json_t *fw = NULL;
	int64_t model_id = 0, id;

	if (rq->mac[0] && (id = provision_store_by_mac(rq->db, rq->mac)) > 0) {
		json_t *keys = provision_store_keys(rq->db, id);
		char *img = firmware_store_model_image(rq->db,
		    json_integer_value(json_object_get(keys, "model_id")));

		if (img && strcasecmp(img, image) == 0)
			fw = firmware_store_for(rq->db, json_integer_value(
			    json_object_get(keys, "model_id")), provision_str(
			    json_object_get(keys, "firmware_version")));
		free(img);
		json_decref(keys);
	}
	if (fw == NULL)
		fw = firmware_store_by_image(rq->db, image, &model_id);
	if (fw == NULL) {
		rq->ev.outcome = "missing";
		provision_reply_text(rq->out, 404, "No such file.\n");
		return;
	}
	reply_firmware(rq, fw);
	json_decref(fw);
}

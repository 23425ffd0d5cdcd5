/* Switchboard — the compound file that holds an encrypted OOXML package. */
#include "ooxml_cfb.h"

#include <assert.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-output.h>
#include <gsf/gsf-utils.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* MS-OFFCRYPTO 2.1 data spaces, with the names and identifiers that
 * 2.3.4.1 to 2.3.4.3 fix for password encryption. */
#define DS_STORAGE	"\006DataSpaces"
#define DS_FEATURE	"Microsoft.Container.DataSpaces"
#define DS_SPACE	"StrongEncryptionDataSpace"
#define DS_TRANSFORM	"StrongEncryptionTransform"
#define DS_TRANSFORM_ID	"{FF9A3F03-56EF-4613-BDD5-5A41C1D07246}"
#define DS_TRANSFORM_NAME "Microsoft.Container.EncryptionTransform"
#define DS_PRIMARY	"\006Primary"
#define PACKAGE_STREAM	"EncryptedPackage"
#define INFO_STREAM	"EncryptionInfo"

#define BLOB_MAX	256	/* the largest stream here: 200 bytes */

/* A little-endian writer for the data spaces structures, whose sizes are
 * fixed by the constants above. */
struct blob {
	unsigned char	 b[BLOB_MAX];
	size_t		 n;
};

static pthread_once_t ooxml_cfb_once = PTHREAD_ONCE_INIT;

static void
set_u32(struct blob *o, size_t at, uint32_t v)
{
	assert(at + 4 <= sizeof(o->b));
	o->b[at] = v & 0xff;
	o->b[at + 1] = (v >> 8) & 0xff;
	o->b[at + 2] = (v >> 16) & 0xff;
	o->b[at + 3] = (v >> 24) & 0xff;
}

static void
put_u32(struct blob *o, uint32_t v)
{
	set_u32(o, o->n, v);
	o->n += 4;
}

/* A UNICODE-LP-P4 string (2.1.2): byte length, UTF-16LE, padded to four
 * bytes. The names here are all ASCII. */
static void
put_lp(struct blob *o, const char *s)
{
	size_t len = strlen(s);

	put_u32(o, (uint32_t)(2 * len));
	assert(o->n + 2 * len + 2 <= sizeof(o->b));
	for (; *s; s++) {
		o->b[o->n++] = (unsigned char)*s;
		o->b[o->n++] = 0;
	}
	if (len % 2) {
		o->b[o->n++] = 0;
		o->b[o->n++] = 0;
	}
}

/* Reader, updater and writer version 1.0 (2.1.4: two 16-bit halves). */
static void
put_versions(struct blob *o)
{
	put_u32(o, 1);
	put_u32(o, 1);
	put_u32(o, 1);
}

static int
put_stream(GsfOutfile *dir, const char *name, const unsigned char *data,
    size_t len)
{
	GsfOutput *s = gsf_outfile_new_child(dir, name, FALSE);
	int ok;

	if (s == NULL)
		return -1;
	ok = gsf_output_write(s, len, data);
	ok = gsf_output_close(s) && ok;
	g_object_unref(s);
	return ok ? 0 : -1;
}

static int
put_blob(GsfOutfile *dir, const char *name, const struct blob *o)
{
	return put_stream(dir, name, o->b, o->n);
}

/* TransformInfo/StrongEncryptionTransform/\x06Primary (2.3.4.3): a
 * TransformInfoHeader for the encryption transform, then an
 * EncryptionTransformInfo with an empty name and reserved fields. */
static void
primary_stream(struct blob *o)
{
	put_u32(o, 0);		/* TransformLength, set below */
	put_u32(o, 1);		/* TransformType */
	put_lp(o, DS_TRANSFORM_ID);
	/* TransformLength runs to the end of the identifier. */
	set_u32(o, 0, (uint32_t)o->n);
	put_lp(o, DS_TRANSFORM_NAME);
	put_versions(o);
	put_u32(o, 0);		/* EncryptionName: empty UTF-8-LP-P4 */
	put_u32(o, 0);		/* EncryptionBlockSize */
	put_u32(o, 0);		/* CipherMode */
	put_u32(o, 4);		/* Reserved */
}

/* The \x06DataSpaces storage (2.3.4.1 to 2.3.4.3) that tells Excel the
 * EncryptedPackage stream goes through the password transform. */
static int
put_data_spaces(GsfOutfile *root)
{
	GsfOutput *ds, *info = NULL, *tinfo = NULL, *tr = NULL;
	struct blob o;
	size_t at;
	int rc = -1;

	ds = gsf_outfile_new_child(root, DS_STORAGE, TRUE);
	if (ds == NULL)
		return -1;

	memset(&o, 0, sizeof(o));
	put_lp(&o, DS_FEATURE);
	put_versions(&o);
	if (put_blob(GSF_OUTFILE(ds), "Version", &o) != 0)
		goto out;

	/* DataSpaceMap: one entry mapping the package stream to the
	 * password data space; its Length counts the whole entry. */
	memset(&o, 0, sizeof(o));
	put_u32(&o, 8);		/* HeaderLength */
	put_u32(&o, 1);		/* EntryCount */
	at = o.n;
	put_u32(&o, 0);		/* Length, set below */
	put_u32(&o, 1);		/* ReferenceComponentCount */
	put_u32(&o, 0);		/* a stream */
	put_lp(&o, PACKAGE_STREAM);
	put_lp(&o, DS_SPACE);
	set_u32(&o, at, (uint32_t)(o.n - at));
	if (put_blob(GSF_OUTFILE(ds), "DataSpaceMap", &o) != 0)
		goto out;

	info = gsf_outfile_new_child(GSF_OUTFILE(ds), "DataSpaceInfo", TRUE);
	if (info == NULL)
		goto out;
	memset(&o, 0, sizeof(o));
	put_u32(&o, 8);		/* HeaderLength */
	put_u32(&o, 1);		/* TransformReferenceCount */
	put_lp(&o, DS_TRANSFORM);
	if (put_blob(GSF_OUTFILE(info), DS_SPACE, &o) != 0)
		goto out;

	tinfo = gsf_outfile_new_child(GSF_OUTFILE(ds), "TransformInfo", TRUE);
	if (tinfo == NULL)
		goto out;
	tr = gsf_outfile_new_child(GSF_OUTFILE(tinfo), DS_TRANSFORM, TRUE);
	if (tr == NULL)
		goto out;
	memset(&o, 0, sizeof(o));
	primary_stream(&o);
	if (put_blob(GSF_OUTFILE(tr), DS_PRIMARY, &o) != 0)
		goto out;
	rc = 0;
out:
	/* Storages close innermost first. */
	if (tr != NULL) {
		rc = gsf_output_close(tr) ? rc : -1;
		g_object_unref(tr);
	}
	if (tinfo != NULL) {
		rc = gsf_output_close(tinfo) ? rc : -1;
		g_object_unref(tinfo);
	}
	if (info != NULL) {
		rc = gsf_output_close(info) ? rc : -1;
		g_object_unref(info);
	}
	rc = gsf_output_close(ds) ? rc : -1;
	g_object_unref(ds);
	return rc;
}

static void
init_once(void)
{
	gsf_init();
}

int
ooxml_cfb_init(void)
{
	pthread_once(&ooxml_cfb_once, init_once);
	return 0;
}

int
ooxml_cfb_write(const unsigned char *info, size_t infolen,
    const unsigned char *pkg, size_t pkglen, unsigned char **out,
    size_t *outlen)
{
	GsfOutput *sink;
	GsfOutfile *root = NULL;
	const guint8 *bytes;
	gsf_off_t size;
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	ooxml_cfb_init();
	sink = gsf_output_memory_new();
	if (sink == NULL)
		return -1;
	root = gsf_outfile_msole_new(sink);
	if (root == NULL)
		goto out;
	if (put_data_spaces(root) != 0 ||
	    put_stream(root, INFO_STREAM, info, infolen) != 0 ||
	    put_stream(root, PACKAGE_STREAM, pkg, pkglen) != 0)
		goto out;
	/* Closing the root lays out the directory and the allocation
	 * tables and writes the whole file to the sink. */
	if (!gsf_output_close(GSF_OUTPUT(root)))
		goto out;
	if (!gsf_output_is_closed(sink) && !gsf_output_close(sink))
		goto out;
	bytes = gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(sink));
	size = gsf_output_size(sink);
	if (bytes == NULL || size <= 0)
		goto out;
	*out = xmalloc((size_t)size);
	memcpy(*out, bytes, (size_t)size);
	*outlen = (size_t)size;
	rc = 0;
out:
	if (root != NULL) {
		if (!gsf_output_is_closed(GSF_OUTPUT(root)))
			gsf_output_close(GSF_OUTPUT(root));
		g_object_unref(root);
	}
	g_object_unref(sink);
	return rc;
}

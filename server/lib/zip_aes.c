/* Switchboard — a zip archive of one file encrypted with WinZip AES-256. */
#include "zip_aes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util.h"

static int
name_ok(const char *name)
{
	size_t len, i;

	if (name == NULL)
		return 0;
	len = strlen(name);
	if (len == 0 || len > ZIP_AES_NAME_MAX || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f ||
		    name[i] == '/' || name[i] == '\\')
			return 0;
	return 1;
}

/* Copy the archive libzip wrote into the buffer source. */
static int
read_source(zip_source_t *src, unsigned char **out, size_t *outlen)
{
	zip_stat_t st;
	unsigned char *buf;
	zip_int64_t n;
	size_t got = 0;

	if (zip_source_stat(src, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    st.size == 0 || st.size > SIZE_MAX)
		return -1;
	if (zip_source_open(src) != 0)
		return -1;
	buf = xmalloc((size_t)st.size);
	while (got < st.size) {
		n = zip_source_read(src, buf + got, st.size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	zip_source_close(src);
	if (got != st.size) {
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = got;
	return 0;
}

int
zip_aes_one(const char *entry_name, const unsigned char *data, size_t len,
    const char *password, unsigned char **out, size_t *outlen)
{
	zip_source_t *dst = NULL, *entry;
	zip_error_t ze;
	zip_t *za = NULL;
	zip_int64_t idx;
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	if (!name_ok(entry_name) || (data == NULL && len > 0) ||
	    len > ZIP_AES_DATA_MAX || password == NULL || password[0] == '\0')
		return -1;
	if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1))
		return -1;

	zip_error_init(&ze);
	dst = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (dst == NULL)
		goto out;
	za = zip_open_from_source(dst, ZIP_TRUNCATE, &ze);
	if (za == NULL)
		goto out;
	/* The archive now holds the source; keep a reference of our own to
	 * read the written archive back after zip_close. */
	zip_source_keep(dst);

	entry = zip_source_buffer(za, data, len, 0);
	if (entry == NULL)
		goto out;
	idx = zip_file_add(za, entry_name, entry, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(entry);
		goto out;
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE,
	    0) != 0 ||
	    zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256,
	    password) != 0)
		goto out;
	if (zip_close(za) != 0)
		goto out;
	za = NULL;
	rc = read_source(dst, out, outlen);
out:
	if (za != NULL)
		zip_discard(za);
	if (dst != NULL)
		zip_source_free(dst);
	zip_error_fini(&ze);
	return rc;
}

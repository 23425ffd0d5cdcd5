/* Unit tests of server/lib/seal.c: round trips, tampering, wrong context,
 * wrong key, key file creation and mode. */
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/seal.h"
#include "test.h"

int
main(void)
{
	char dir[] = "/tmp/sb-seal-XXXXXX", key[64], key2[64], err[256];
	char *box, *plain, *box2;
	size_t n = 0;
	struct stat sb;

	if (sodium_init() < 0)
		return 1;
	CHECK(mkdtemp(dir) != NULL, "temporary directory");
	snprintf(key, sizeof(key), "%s/secret.key", dir);
	snprintf(key2, sizeof(key2), "%s/other.key", dir);

	CHECK(seal_box("x", "a", 1) == NULL, "no sealing before a key exists");
	CHECK(seal_init(key, err, sizeof(err)) == 0, "key file created");
	CHECK(stat(key, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "key file has mode 0600");
	CHECK(sb.st_size == 32, "key file holds 32 bytes");

	box = seal_box("sip.password", "s3cret-SIP", 10);
	CHECK(box != NULL && strncmp(box, "sb1:", 4) == 0, "sealed text has "
	    "the sb1: prefix");
	CHECK(strstr(box, "s3cret") == NULL, "plaintext not visible");
	box2 = seal_box("sip.password", "s3cret-SIP", 10);
	CHECK(strcmp(box, box2) != 0, "a fresh nonce every time");
	plain = seal_open("sip.password", box, &n);
	CHECK(plain != NULL && n == 10 && memcmp(plain, "s3cret-SIP", 10) == 0,
	    "round trip");
	seal_free(plain, n);
	CHECK(seal_open("unify.api_key", box, &n) == NULL,
	    "another context cannot open it");
	box[10] = box[10] == 'A' ? 'B' : 'A';
	CHECK(seal_open("sip.password", box, &n) == NULL,
	    "tampered text is refused");
	CHECK(seal_open("sip.password", "sb1:!!!!", &n) == NULL,
	    "malformed text is refused");
	CHECK(seal_open("sip.password", "plain", &n) == NULL,
	    "text without prefix is refused");
	plain = calloc(1, SEAL_MAX_PLAIN + 1);
	CHECK(seal_box("x", plain, SEAL_MAX_PLAIN + 1) == NULL,
	    "oversized secret refused");
	free(plain);

	/* The same key file reloads; a new key cannot open old boxes. */
	CHECK(seal_init(key, err, sizeof(err)) == 0, "key file reloads");
	plain = seal_open("sip.password", box2, &n);
	CHECK(plain != NULL, "reloaded key opens earlier boxes");
	seal_free(plain, n);
	CHECK(seal_init(key2, err, sizeof(err)) == 0, "second key");
	CHECK(seal_open("sip.password", box2, &n) == NULL,
	    "another key cannot open it");

	CHECK(truncate(key, 16) == 0, "key file truncated");
	CHECK(seal_init(key, err, sizeof(err)) != 0, "short key file refused");
	free(box);
	free(box2);
	seal_shutdown();
	unlink(key);
	unlink(key2);
	rmdir(dir);
	return test_done();
}

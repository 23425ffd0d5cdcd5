/* Unit tests of the credential hand-over writers in server/lib:
 * random_alnum, xlsx_strings (text only, nothing on disk), ooxml_encrypt
 * (agile encryption, decrypted by msoffcrypto-tool) and zip_aes_one
 * (WinZip AES-256, checked with 7-Zip), then all three in a row.
 * The outside tools are Debian's 7zip (7zz, or p7zip's 7z) and
 * python3-msoffcrypto-tool; a check that needs one that is missing says
 * "# SKIP" instead of passing. */
#define _GNU_SOURCE
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/ooxml_encrypt.h"
#include "lib/random_text.h"
#include "lib/util.h"
#include "lib/xlsx_strings.h"
#include "lib/zip_aes.h"
#include "test.h"

#define SKIP(what, why) do {						\
	test_n++;							\
	printf("ok %d - %s # SKIP %s\n", test_n, what, why);		\
} while (0)

#define PYTHON		"/usr/bin/python3"	/* Debian's, and its modules */
#define OUT_MAX		(64 * 1024 * 1024)

/* Decrypts argv[1] with the password hex-encoded in argv[2] (so no locale
 * can mangle it) into argv[3], checking the password verifier and the
 * dataIntegrity HMAC. Exit 0 when both hold, 2 for a wrong password, 3
 * when the HMAC does not match, 1 otherwise. */
static const char decrypt_py[] =
    "import io, sys, msoffcrypto\n"
    "from msoffcrypto import exceptions as x\n"
    "pw = bytes.fromhex(sys.argv[2]).decode('utf-8')\n"
    "f = msoffcrypto.OfficeFile(open(sys.argv[1], 'rb'))\n"
    "try:\n"
    "    f.load_key(password=pw, verify_password=True)\n"
    "except x.InvalidKeyError:\n"
    "    sys.exit(2)\n"
    "out = io.BytesIO()\n"
    "try:\n"
    "    f.decrypt(out, verify_integrity=True)\n"
    "except x.InvalidKeyError as e:\n"
    "    sys.exit(3 if 'integrity' in str(e) else 1)\n"
    "open(sys.argv[3], 'wb').write(out.getvalue())\n";

/* Flips one bit of the EncryptedPackage stream of argv[1], in place. */
static const char tamper_py[] =
    "import sys, olefile\n"
    "ole = olefile.OleFileIO(sys.argv[1], write_mode=True)\n"
    "d = bytearray(ole.openstream('EncryptedPackage').read())\n"
    "d[len(d) // 2] ^= 1\n"
    "ole.write_stream('EncryptedPackage', bytes(d))\n"
    "ole.close()\n";

static char tmp[64];		/* this test's own directory */
static const char *sevenzip;	/* 7zz or 7z, NULL if neither */
static bool msoffcrypto;

/* Run argv; stdout to out_path (or /dev/null), stderr to /dev/null.
 * The exit status, or -1. */
static int
run(const char *const argv[], const char *out_path)
{
	char *v[16];
	pid_t pid;
	int st, fd, i;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open(out_path ? out_path : "/dev/null",
		    O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		fd = open("/dev/null", O_WRONLY);
		if (fd < 0 || dup2(fd, 2) < 0)
			_exit(127);
		/* execvp wants writable strings: copies, in the child. */
		for (i = 0; argv[i] != NULL && i < 15; i++)
			v[i] = xstrdup(argv[i]);
		v[i] = NULL;
		execvp(v[0], v);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static bool
on_path(const char *name)
{
	const char *const argv[] = { "sh", "-c",
		"command -v \"$0\"", name, NULL };

	return run(argv, NULL) == 0;
}

static int
write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	int rc;

	if (f == NULL)
		return -1;
	rc = fwrite(buf, 1, len, f) == len ? 0 : -1;
	return fclose(f) == 0 ? rc : -1;
}

static bool
file_equals(const char *path, const unsigned char *buf, size_t len)
{
	char *got = NULL;
	size_t n = 0;
	bool same;

	if (read_file_max(path, OUT_MAX, &got, &n) != 0)
		return false;
	same = n == len && memcmp(got, buf, len) == 0;
	free(got);
	return same;
}

static bool
file_contains(const char *path, const char *needle)
{
	char *got = NULL;
	size_t n = 0;
	bool has;

	if (read_file_max(path, OUT_MAX, &got, &n) != 0)
		return false;
	has = memmem(got, n, needle, strlen(needle)) != NULL;
	free(got);
	return has;
}

static void
hex(const char *s, char *out, size_t cap)
{
	size_t i;

	for (i = 0; s[i] && 2 * i + 2 < cap; i++)
		snprintf(out + 2 * i, 3, "%02x", (unsigned char)s[i]);
	out[2 * i] = '\0';
}

/* Decrypt path with password through msoffcrypto into out_path: its exit
 * status (see decrypt_py). */
static int
msoffcrypto_decrypt(const char *path, const char *password,
    const char *out_path)
{
	char pwhex[1024];
	const char *const argv[] = { PYTHON, "-c",
		decrypt_py, path, pwhex, out_path,
		NULL };

	hex(password, pwhex, sizeof(pwhex));
	return run(argv, NULL);
}

/* The text of the entry name in the zip archive buf (NUL-terminated,
 * caller frees), or NULL if there is none. With name NULL, every entry's
 * text joined. */
static char *
zip_text(const unsigned char *buf, size_t len, const char *name)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char *text = NULL, chunk[8192];
	size_t n = 0;
	la_ssize_t got;
	bool found = false;

	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK)
		goto out;
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		if (name != NULL && strcmp(archive_entry_pathname(e), name))
			continue;
		found = true;
		while ((got = archive_read_data(a, chunk, sizeof(chunk))) >
		    0) {
			text = xrealloc(text, n + (size_t)got + 1);
			memcpy(text + n, chunk, (size_t)got);
			n += (size_t)got;
			text[n] = '\0';
		}
	}
	if (found && text == NULL)
		text = xstrdup("");
out:
	archive_read_free(a);
	return text;
}

/* The whole of stream path (a NULL-terminated list of names) in the
 * compound file buf, copied; NULL if missing. */
static unsigned char *
cfb_stream(const unsigned char *buf, size_t len, size_t *n, ...)
{
	GsfInput *in, *child = NULL;
	GsfInfile *cfb;
	const guint8 *data;
	unsigned char *copy = NULL;
	const char *name;
	GsfInfile *dir;
	va_list ap;

	in = gsf_input_memory_new(buf, (gsf_off_t)len, FALSE);
	cfb = gsf_infile_msole_new(in, NULL);
	g_object_unref(in);
	if (cfb == NULL)
		return NULL;
	dir = cfb;
	g_object_ref(dir);
	va_start(ap, n);
	while ((name = va_arg(ap, const char *)) != NULL) {
		if (child != NULL) {
			g_object_unref(dir);
			dir = GSF_INFILE(child);
		}
		child = gsf_infile_child_by_name(dir, name);
		if (child == NULL)
			break;
	}
	va_end(ap);
	if (child != NULL) {
		*n = (size_t)gsf_input_size(child);
		data = gsf_input_read(child, *n, NULL);
		if (data != NULL) {
			copy = xmalloc(*n + 1);
			memcpy(copy, data, *n);
			copy[*n] = 0;
		}
		g_object_unref(child);
	}
	g_object_unref(dir);
	g_object_unref(cfb);
	return copy;
}

static bool
has_bytes(const unsigned char *buf, size_t len, const void *needle,
    size_t nlen)
{
	return buf != NULL && memmem(buf, len, needle, nlen) != NULL;
}

/* ASCII text as UTF-16LE, for looking into the data spaces streams. */
static size_t
utf16(const char *s, unsigned char *out)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		out[2 * i] = (unsigned char)s[i];
		out[2 * i + 1] = 0;
	}
	return 2 * i;
}

static void
test_random_alnum(void)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789";
	enum { DRAWS = 2000, LEN = 32 };
	char (*pw)[LEN + 1] = xcalloc(DRAWS, sizeof(*pw));
	char guard[4] = "xyz";
	int counts[256] = { 0 };
	bool only_alnum = true, all_len = true, distinct = true;
	int i, j, lo = DRAWS * LEN, hi = 0, seen = 0;

	for (i = 0; i < DRAWS; i++) {
		random_alnum(pw[i], LEN + 1);
		all_len &= strlen(pw[i]) == LEN;
		for (j = 0; pw[i][j]; j++) {
			only_alnum &= strchr(alphabet, pw[i][j]) != NULL;
			counts[(unsigned char)pw[i][j]]++;
		}
	}
	for (i = 0; i < DRAWS && distinct; i++)
		for (j = i + 1; j < DRAWS && distinct; j++)
			distinct = strcmp(pw[i], pw[j]) != 0;
	for (i = 0; alphabet[i]; i++) {
		int c = counts[(unsigned char)alphabet[i]];

		seen += c > 0;
		lo = c < lo ? c : lo;
		hi = c > hi ? c : hi;
	}
	CHECK(all_len, "random_alnum: n-1 characters and a NUL");
	CHECK(only_alnum, "random_alnum: only [A-Za-z0-9]");
	CHECK(distinct, "random_alnum: 2,000 passwords, all different");
	/* 64,000 draws: about 1,032 of each of the 62; a character missing
	 * or twice as likely as another is far outside chance. */
	CHECK(seen == 62 && lo > 800 && hi < 1300,
	    "random_alnum: all 62 characters, evenly");
	random_alnum(guard, 1);
	CHECK(guard[0] == '\0' && guard[1] == 'y', "random_alnum: n 1 is "
	    "just the NUL");
	random_alnum(guard, 0);
	CHECK(guard[0] == '\0' && guard[1] == 'y', "random_alnum: n 0 "
	    "writes nothing");
	free(pw);
}

/* Files whose names libxlsxwriter's scratch files have ("tmp." and ten
 * random characters), or any file when any is true. */
static int
count_scratch(const char *dir, bool any)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		if (any || (strncmp(e->d_name, "tmp.", 4) == 0 &&
		    strlen(e->d_name) == 14))
			n++;
	}
	closedir(d);
	return n;
}

/* Count IN_CREATE events per watch: scratch-named ones for /tmp. */
static void
drain_events(int fd, int wd_tmpdir, int wd_tmp, int wd_shm, int *n_tmpdir,
    int *n_tmp, int *n_shm)
{
	char buf[16384] __attribute__((aligned(8)));
	ssize_t got;
	char *p;

	while ((got = read(fd, buf, sizeof(buf))) > 0) {
		for (p = buf; p < buf + got;) {
			struct inotify_event *ev = (struct inotify_event *)p;
			bool scratch = ev->len > 0 &&
			    strncmp(ev->name, "tmp.", 4) == 0 &&
			    strlen(ev->name) == 14;

			if (ev->wd == wd_tmpdir)
				(*n_tmpdir)++;
			else if (ev->wd == wd_tmp && scratch)
				(*n_tmp)++;
			else if (ev->wd == wd_shm)
				(*n_shm)++;
			p += sizeof(*ev) + ev->len;
		}
	}
}

static const char *const header[] = { "SIP name", "Password" };
static const char *const cells[] = {
	"=1+1", "@SUM(A1)",
	"+41 44 000 00 00", "-cmd|' /C calc'!A0",
	NULL, "Grüße, 東京 😀",
	"sip-0004", "",
};

static unsigned char *
test_xlsx_strings(size_t *xlen)
{
	char tmpdir[128], big_name[40];
	unsigned char *x = NULL, *y = NULL;
	size_t ylen = 0;
	char *sheet, *strings, *all, *big;
	const char *bigcells[2];
	int fd, wd_tmpdir, wd_tmp, wd_shm;
	int n_tmpdir = 0, n_tmp = 0, n_shm = 0, tmp_before, rc;

	/* Point $TMPDIR, libxlsxwriter's first fallback, at an empty
	 * directory of our own: any file there is the library's. */
	snprintf(tmpdir, sizeof(tmpdir), "%s/tmpdir", tmp);
	CHECK(mkdir(tmpdir, 0700) == 0, "xlsx_strings: a private $TMPDIR");
	setenv("TMPDIR", tmpdir, 1);
	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	wd_tmpdir = inotify_add_watch(fd, tmpdir, IN_CREATE);
	wd_tmp = inotify_add_watch(fd, "/tmp", IN_CREATE);
	wd_shm = inotify_add_watch(fd, XLSX_STRINGS_TMPDIR, IN_CREATE);
	CHECK(fd >= 0 && wd_tmpdir >= 0 && wd_tmp >= 0 && wd_shm >= 0,
	    "xlsx_strings: watching $TMPDIR, /tmp and " XLSX_STRINGS_TMPDIR);
	tmp_before = count_scratch("/tmp", false);

	rc = xlsx_strings("SIP names", 2, header, cells, 4, &x, xlen);
	drain_events(fd, wd_tmpdir, wd_tmp, wd_shm, &n_tmpdir, &n_tmp,
	    &n_shm);
	close(fd);
	CHECK(rc == 0 && x != NULL && *xlen > 4, "xlsx_strings: written");
	CHECK(x != NULL && memcmp(x, "PK\003\004", 4) == 0,
	    "xlsx_strings: a zip (PK header)");
	CHECK(n_tmpdir == 0 && count_scratch(tmpdir, true) == 0,
	    "xlsx_strings: no file created or left in $TMPDIR");
	CHECK(n_tmp == 0 && count_scratch("/tmp", false) == tmp_before,
	    "xlsx_strings: no scratch file created or left in /tmp");
	CHECK(n_shm > 0, "xlsx_strings: scratch files went to tmpfs "
	    XLSX_STRINGS_TMPDIR);
	unsetenv("TMPDIR");

	sheet = x ? zip_text(x, *xlen, "xl/worksheets/sheet1.xml") : NULL;
	strings = x ? zip_text(x, *xlen, "xl/sharedStrings.xml") : NULL;
	all = x ? zip_text(x, *xlen, NULL) : NULL;
	CHECK(sheet != NULL, "xlsx_strings: xl/worksheets/sheet1.xml");
	CHECK(strings != NULL && strstr(strings, "<t>=1+1</t>") &&
	    strstr(strings, "<t>@SUM(A1)</t>") &&
	    strstr(strings, "<t>+41 44 000 00 00</t>") &&
	    strstr(strings, "<t>-cmd|' /C calc'!A0</t>") &&
	    strstr(strings, "<t>Grüße, 東京 😀</t>"),
	    "xlsx_strings: \"=1+1\", \"@SUM(A1)\", \"+…\", \"-…\" and UTF-8 "
	    "kept as shared strings");
	CHECK(all != NULL && strstr(all, "<f>") == NULL &&
	    strstr(all, "<f ") == NULL, "xlsx_strings: no <f> (formula) "
	    "element anywhere");
	CHECK(sheet != NULL && strstr(sheet, "<c r=\"A2\" t=\"s\">") &&
	    strstr(sheet, "<c r=\"B2\" t=\"s\">"),
	    "xlsx_strings: the cells are string cells");
	CHECK(sheet != NULL && strstr(sheet, "r=\"A1\" s=\"1\"") &&
	    strstr(sheet, "r=\"A2\" t") && !strstr(sheet, "r=\"A2\" s="),
	    "xlsx_strings: the header row alone is formatted (bold)");
	CHECK(sheet != NULL && !strstr(sheet, "r=\"A4\"") &&
	    strstr(sheet, "r=\"B4\""), "xlsx_strings: a NULL cell is empty");
	CHECK(sheet != NULL && strstr(sheet, "<col min=\"2\" max=\"2\" "
	    "width=\"20.7"), "xlsx_strings: a column as wide as its longest "
	    "text");
	free(sheet);
	free(strings);
	free(all);

	CHECK(xlsx_strings("bad[name]", 2, header, cells, 4, &y, &ylen) == -1
	    && y == NULL, "xlsx_strings: an invalid sheet name is refused");
	CHECK(xlsx_strings("S", 0, header, cells, 4, &y, &ylen) == -1,
	    "xlsx_strings: zero columns are refused");
	CHECK(xlsx_strings("S", 2, header, NULL, 1, &y, &ylen) == -1,
	    "xlsx_strings: rows without cells are refused");
	big = xmalloc(40000);
	memset(big, 'a', 39999);
	big[39999] = '\0';
	bigcells[0] = big;
	bigcells[1] = "x";
	CHECK(xlsx_strings("S", 2, header, bigcells, 1, &y, &ylen) == -1 &&
	    y == NULL, "xlsx_strings: a text past Excel's 32,767 is refused");
	free(big);
	snprintf(big_name, sizeof(big_name), "S");
	CHECK(xlsx_strings(big_name, 2, header, NULL, 0, &y, &ylen) == 0 &&
	    y != NULL, "xlsx_strings: a header alone is a workbook");
	free(y);
	return x;
}

static void
test_ooxml_encrypt(const unsigned char *x, size_t xlen)
{
	/* UTF-8 beyond Latin-1 and beyond the BMP (a surrogate pair in
	 * UTF-16): the password must be hashed as Office does. */
	static const char pw[] = "Pässwörd-€-😀-7Hq";
	unsigned char *e = NULL, *e2 = NULL, *info, *pkg, *map, *primary;
	unsigned char u16[128];
	size_t elen = 0, e2len = 0, n_info = 0, n_pkg = 0, n_map = 0;
	size_t n_primary = 0, k;
	char path[96], plain[96], longpw[300];
	uint64_t declared = 0;
	const char *xml;
	int rc;

	rc = ooxml_encrypt(x, xlen, pw, &e, &elen);
	CHECK(rc == 0 && e != NULL, "ooxml_encrypt: encrypted");
	if (e == NULL)
		return;
	CHECK(elen >= 8 && memcmp(e, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)
	    == 0, "ooxml_encrypt: a compound file (D0 CF 11 E0 A1 B1 1A E1)");
	CHECK(!has_bytes(e, elen, "xl/worksheets/sheet1.xml", 24),
	    "ooxml_encrypt: no plain text of the package inside");
	CHECK(ooxml_encrypt(x, xlen, pw, &e2, &e2len) == 0 && e2 != NULL &&
	    (e2len != elen || memcmp(e, e2, elen) != 0),
	    "ooxml_encrypt: fresh salts and key every time");
	free(e2);

	info = cfb_stream(e, elen, &n_info, "EncryptionInfo", NULL);
	xml = info != NULL && n_info > 8 ? (const char *)info + 8 : "";
	CHECK(info != NULL && n_info > 8 &&
	    memcmp(info, "\x04\x00\x04\x00\x40\x00\x00\x00", 8) == 0,
	    "ooxml_encrypt: EncryptionInfo version 4.4 (agile), flags 0x40");
	CHECK(info != NULL &&
	    strstr(xml, "<keyData saltSize=\"16\" "
	    "blockSize=\"16\" keyBits=\"256\" hashSize=\"64\" "
	    "cipherAlgorithm=\"AES\" cipherChaining=\"ChainingModeCBC\" "
	    "hashAlgorithm=\"SHA512\"") &&
	    strstr(xml, "<p:encryptedKey spinCount=\"100000\" "
	    "saltSize=\"16\" blockSize=\"16\" keyBits=\"256\" hashSize=\"64\" "
	    "cipherAlgorithm=\"AES\" cipherChaining=\"ChainingModeCBC\" "
	    "hashAlgorithm=\"SHA512\""),
	    "ooxml_encrypt: AES, 256 bits, CBC, SHA512, spinCount 100000 for "
	    "the package key and the password");
	CHECK(info != NULL && strstr(xml, "<dataIntegrity "
	    "encryptedHmacKey=\"") && strstr(xml,
	    "encryptedVerifierHashInput=\"") && strstr(xml,
	    "encryptedVerifierHashValue=\"") && strstr(xml,
	    "encryptedKeyValue=\""), "ooxml_encrypt: dataIntegrity, verifier "
	    "and encrypted key in the descriptor");
	pkg = cfb_stream(e, elen, &n_pkg, "EncryptedPackage", NULL);
	for (k = 0; pkg != NULL && n_pkg >= 8 && k < 8; k++)
		declared |= (uint64_t)pkg[k] << (8 * k);
	CHECK(pkg != NULL && declared == xlen &&
	    n_pkg == 8 + (xlen + 15) / 16 * 16, "ooxml_encrypt: "
	    "EncryptedPackage holds the size and whole AES blocks");
	map = cfb_stream(e, elen, &n_map, "\006DataSpaces", "DataSpaceMap",
	    NULL);
	primary = cfb_stream(e, elen, &n_primary, "\006DataSpaces",
	    "TransformInfo", "StrongEncryptionTransform", "\006Primary", NULL);
	k = utf16("StrongEncryptionDataSpace", u16);
	CHECK(has_bytes(map, n_map, u16, k) &&
	    has_bytes(map, n_map, u16, utf16("EncryptedPackage", u16)),
	    "ooxml_encrypt: \\x06DataSpaces maps EncryptedPackage to the "
	    "password data space");
	k = utf16("{FF9A3F03-56EF-4613-BDD5-5A41C1D07246}", u16);
	CHECK(has_bytes(primary, n_primary, u16, k),
	    "ooxml_encrypt: the encryption transform is declared");
	free(info);
	free(pkg);
	free(map);
	free(primary);

	snprintf(path, sizeof(path), "%s/enc.xlsx", tmp);
	snprintf(plain, sizeof(plain), "%s/dec.xlsx", tmp);
	CHECK(write_file(path, e, elen) == 0, "ooxml_encrypt: written out");
	if (!msoffcrypto) {
		SKIP("msoffcrypto: the right password gives the package back",
		    "python3-msoffcrypto-tool missing");
		SKIP("msoffcrypto: a wrong password is refused",
		    "python3-msoffcrypto-tool missing");
		SKIP("msoffcrypto: a changed EncryptedPackage fails the HMAC",
		    "python3-msoffcrypto-tool missing");
	} else {
		rc = msoffcrypto_decrypt(path, pw, plain);
		CHECK(rc == 0 && file_equals(plain, x, xlen),
		    "msoffcrypto: the right password, verifier and HMAC "
		    "check out; exactly the package back");
		unlink(plain);
		CHECK(msoffcrypto_decrypt(path, "Passwort-€-😀-7Hq", plain)
		    == 2, "msoffcrypto: a wrong password is refused");
		{
			const char *const argv[] = { PYTHON, "-c",
				tamper_py, path, NULL };

			rc = run(argv, NULL);
		}
		CHECK(rc == 0 && msoffcrypto_decrypt(path, pw, plain) == 3,
		    "msoffcrypto: a changed EncryptedPackage fails the HMAC");
	}
	free(e);

	e = NULL;
	CHECK(ooxml_encrypt(x, xlen, "", &e, &elen) == -1 && e == NULL,
	    "ooxml_encrypt: an empty password is refused");
	CHECK(ooxml_encrypt(x, xlen, "bad\xff\xfe", &e, &elen) == -1,
	    "ooxml_encrypt: a password that is not UTF-8 is refused");
	memset(longpw, 'a', 256);
	longpw[256] = '\0';
	CHECK(ooxml_encrypt(x, xlen, longpw, &e, &elen) == -1,
	    "ooxml_encrypt: a password past 255 characters is refused");
	CHECK(ooxml_encrypt(x, 0, pw, &e, &elen) == -1,
	    "ooxml_encrypt: an empty package is refused");
}

/* The first local file header of a zip: encrypted, method 99 (AES), the
 * AES extra field (0x9901, "AE", strength 3 = AES-256), the name. */
static void
check_local_header(const unsigned char *z, size_t zlen, const char *name)
{
	size_t nlen, xlen, off, end;
	bool aes256 = false;

	CHECK(zlen > 30 && memcmp(z, "PK\003\004", 4) == 0,
	    "zip_aes_one: a zip archive");
	if (zlen <= 30)
		return;
	nlen = z[26] | (size_t)z[27] << 8;
	xlen = z[28] | (size_t)z[29] << 8;
	CHECK((z[6] & 1) && z[8] == 99 && z[9] == 0,
	    "zip_aes_one: the entry is encrypted with WinZip AES (method 99)");
	CHECK(30 + nlen <= zlen && nlen == strlen(name) &&
	    memcmp(z + 30, name, nlen) == 0, "zip_aes_one: the entry has the "
	    "name given");
	end = 30 + nlen + xlen < zlen ? 30 + nlen + xlen : zlen;
	for (off = 30 + nlen; off + 4 <= end;) {
		size_t id = z[off] | (size_t)z[off + 1] << 8;
		size_t len = z[off + 2] | (size_t)z[off + 3] << 8;

		if (id == 0x9901 && len >= 7 && off + 11 <= zlen)
			aes256 = z[off + 6] == 'A' && z[off + 7] == 'E' &&
			    z[off + 8] == 3;
		off += 4 + len;
	}
	CHECK(aes256, "zip_aes_one: AES strength 3 (256-bit) in the extra "
	    "field");
}

static void
test_zip_aes(const unsigned char *data, size_t len)
{
	char name[40], pw[33], wrong[33], zpath[96], list[96], extracted[96];
	char pwarg[40], wrongarg[40];
	unsigned char *z = NULL, *y = NULL;
	size_t zlen = 0, ylen = 0;
	int rc;

	random_alnum(name, 17);
	strcat(name, ".xlsx");
	random_alnum(pw, sizeof(pw));
	random_alnum(wrong, sizeof(wrong));
	rc = zip_aes_one(name, data, len, pw, &z, &zlen);
	CHECK(rc == 0 && z != NULL, "zip_aes_one: written");
	if (z == NULL)
		return;
	check_local_header(z, zlen, name);
	CHECK(!has_bytes(z, zlen, "xl/worksheets/sheet1.xml", 24),
	    "zip_aes_one: the content is not readable in the archive");

	snprintf(zpath, sizeof(zpath), "%s/handover.zip", tmp);
	snprintf(list, sizeof(list), "%s/list.txt", tmp);
	snprintf(extracted, sizeof(extracted), "%s/extracted", tmp);
	snprintf(pwarg, sizeof(pwarg), "-p%s", pw);
	snprintf(wrongarg, sizeof(wrongarg), "-p%s", wrong);
	CHECK(write_file(zpath, z, zlen) == 0, "zip_aes_one: written out");
	if (sevenzip == NULL) {
		SKIP("7z: Method AES-256, Encrypted +", "7zip missing");
		SKIP("7z: the right password tests and extracts",
		    "7zip missing");
		SKIP("7z: a wrong password fails", "7zip missing");
	} else {
		char path_line[64];
		const char *const l[] = { sevenzip, "l",
			"-slt", pwarg, zpath, NULL };
		const char *const t[] = { sevenzip, "t", pwarg,
			zpath, NULL };
		const char *const x[] = { sevenzip, "x", "-so",
			pwarg, zpath, NULL };
		const char *const tw[] = { sevenzip, "t", wrongarg,
			zpath, NULL };

		snprintf(path_line, sizeof(path_line), "\nPath = %s\n", name);
		CHECK(run(l, list) == 0 && file_contains(list, path_line) &&
		    file_contains(list, "\nEncrypted = +\n") &&
		    (file_contains(list, "\nMethod = AES-256 Deflate") ||
		    file_contains(list, "\nMethod = AES-256 Store")),
		    "7z -slt: Path is the name given, Method AES-256, "
		    "Encrypted +");
		CHECK(run(t, NULL) == 0 && run(x, extracted) == 0 &&
		    file_equals(extracted, data, len),
		    "7z: the right password tests and extracts the data");
		CHECK(run(tw, NULL) != 0, "7z: a wrong password fails");
	}
	free(z);

	CHECK(zip_aes_one("a/b.xlsx", data, len, pw, &y, &ylen) == -1 &&
	    y == NULL, "zip_aes_one: a name with a directory is refused");
	CHECK(zip_aes_one("..", data, len, pw, &y, &ylen) == -1,
	    "zip_aes_one: \"..\" is refused");
	CHECK(zip_aes_one("", data, len, pw, &y, &ylen) == -1,
	    "zip_aes_one: an empty name is refused");
	CHECK(zip_aes_one("x.xlsx", data, len, "", &y, &ylen) == -1,
	    "zip_aes_one: an empty password is refused");
}

/* The hand-over as the job will make it: names in a workbook, the
 * workbook encrypted, the result zipped; then undone with the tools a
 * recipient has. */
static void
test_round_trip(void)
{
	static const char *const head[] = { "Device", "SIP name" };
	const char *rows[6] = { "Lobby phone", "=cmd|'/c calc'!A1",
		"Door intercom", "sip-7001", "Fax", "@fax" };
	char xlsx_pw[33], zip_pw[33], pwarg[40], zpath[96], enc[96], dec[96];
	unsigned char *x = NULL, *e = NULL, *z = NULL;
	size_t xlen = 0, elen = 0, zlen = 0;
	char *got = NULL, *strings = NULL;
	size_t glen = 0;
	int ok;

	random_alnum(xlsx_pw, sizeof(xlsx_pw));
	random_alnum(zip_pw, sizeof(zip_pw));
	ok = xlsx_strings("SIP", 2, head, rows, 3, &x, &xlen) == 0 &&
	    ooxml_encrypt(x, xlen, xlsx_pw, &e, &elen) == 0 &&
	    zip_aes_one("sip-names.xlsx", e, elen, zip_pw, &z, &zlen) == 0;
	CHECK(ok, "round trip: workbook, encrypted, zipped");
	if (!ok || sevenzip == NULL || !msoffcrypto) {
		SKIP("round trip: 7z, then msoffcrypto, then the strings",
		    sevenzip == NULL ? "7zip missing" :
		    "python3-msoffcrypto-tool missing");
		goto out;
	}
	snprintf(zpath, sizeof(zpath), "%s/rt.zip", tmp);
	snprintf(enc, sizeof(enc), "%s/rt.enc.xlsx", tmp);
	snprintf(dec, sizeof(dec), "%s/rt.xlsx", tmp);
	snprintf(pwarg, sizeof(pwarg), "-p%s", zip_pw);
	{
		const char *const xa[] = { sevenzip, "x",
			"-so", pwarg, zpath, NULL };

		ok = write_file(zpath, z, zlen) == 0 && run(xa, enc) == 0 &&
		    msoffcrypto_decrypt(enc, xlsx_pw, dec) == 0 &&
		    read_file_max(dec, OUT_MAX, &got, &glen) == 0;
	}
	strings = ok ? zip_text((unsigned char *)got, glen,
	    "xl/sharedStrings.xml") : NULL;
	CHECK(strings != NULL && strstr(strings, "<t>Lobby phone</t>") &&
	    strstr(strings, "<t>=cmd|'/c calc'!A1</t>") &&
	    strstr(strings, "<t>sip-7001</t>") &&
	    strstr(strings, "<t>@fax</t>"),
	    "round trip: 7z, then msoffcrypto, give the sheet's strings back");
out:
	free(strings);
	free(got);
	free(x);
	free(e);
	free(z);
}

static void
remove_tree(const char *dir)
{
	const char *const argv[] = { "rm", "-rf", dir,
		NULL };

	run(argv, NULL);
}

int
main(void)
{
	unsigned char *x;
	size_t xlen = 0;

	if (sodium_init() < 0 || ooxml_encrypt_init() != 0)
		return 1;
	snprintf(tmp, sizeof(tmp), "/tmp/sb-handover-XXXXXX");
	if (mkdtemp(tmp) == NULL)
		return 1;
	sevenzip = on_path("7zz") ? "7zz" : on_path("7z") ? "7z" : NULL;
	{
		const char *const argv[] = { PYTHON, "-c",
			"import msoffcrypto, olefile", NULL };

		msoffcrypto = run(argv, NULL) == 0;
	}

	test_random_alnum();
	x = test_xlsx_strings(&xlen);
	if (x != NULL) {
		test_ooxml_encrypt(x, xlen);
		test_zip_aes(x, xlen);
	}
	test_round_trip();
	if (x != NULL)
		sodium_memzero(x, xlen);
	free(x);
	remove_tree(tmp);
	return test_done();
}

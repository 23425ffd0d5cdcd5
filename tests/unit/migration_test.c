/* Unit tests of what the Polycom migration and the provisioning server
 * read from outside: User-Agents and request paths, archive entry paths,
 * Polycom XML files, and the phone name format. */
#include <stdlib.h>

#include "assistant/migration.h"
#include "provisioning/phone_agent.h"
#include "lib/polycom_xml.h"
#include "test.h"
#include "assistant/tftp_root.h"

static void
agent(const char *ua, const char *maker, const char *model,
    const char *fw, const char *mac)
{
	struct phone_agent a;
	char what[300];

	snprintf(what, sizeof(what), "User-Agent \"%s\"", ua);
	CHECK(phone_agent_parse(ua, &a) && strcmp(a.manufacturer, maker) == 0
	    && strcmp(a.model, model) == 0 && strcmp(a.firmware, fw) == 0 &&
	    strcmp(a.mac, mac) == 0, what);
}

static void
clean(const char *in, const char *want)
{
	char out[TFTP_ROOT_PATH_MAX], what[300];
	int rc = tftp_root_clean_path(in, out);

	snprintf(what, sizeof(what), "archive path \"%s\" %s", in, want ?
	    want : "is refused");
	if (want)
		CHECK(rc == 0 && strcmp(out, want) == 0, what);
	else
		CHECK(rc != 0, what);
}

struct attrs {
	int	n;
	char	root[32];
	char	last[128];
};

static int
on_attr(void *arg, int depth, const char *el, const char *name,
    const char *value)
{
	struct attrs *a = arg;

	if (depth == 0)
		snprintf(a->root, sizeof(a->root), "%s", el);
	a->n++;
	snprintf(a->last, sizeof(a->last), "%s=%s", name, value);
	return 0;
}

static int
xml(const char *text, struct attrs *a, char *err, size_t errlen)
{
	memset(a, 0, sizeof(*a));
	return polycom_xml_read(text, strlen(text), on_attr, a, err, errlen);
}

static void
name(const char *fmt, const char *first, int n, const char *want)
{
	char out[65], err[300], what[300];
	int rc = migration_phone_name(fmt, first, "00:04:f2:00:81:00", n, out,
	    sizeof(out), err, sizeof(err));

	snprintf(what, sizeof(what), "name format \"%s\" gives %s", fmt,
	    want ? want : "an error");
	if (want)
		CHECK(rc == 0 && strcmp(out, want) == 0, what);
	else
		CHECK(rc != 0 && err[0], what);
}

int
main(void)
{
	struct phone_agent a;
	struct attrs at;
	char mac[MAC_TEXT], err[300], *big;
	int i;

	agent("FileTransport PolycomVVX-VVX_410-UA/5.9.0.9373", "Polycom",
	    "VVX 410", "5.9.0.9373", "");
	agent("FileTransport PolycomVVX-VVX_410-UA/5.9.0.9373 Type/Application",
	    "Polycom", "VVX 410", "5.9.0.9373", "");
	agent("Polycom/5.5.2.8571 PolycomVVX-VVX_310-UA/5.5.2.8571", "Polycom",
	    "VVX 310", "5.5.2.8571", "");
	agent("FileTransport PolycomSoundPointIP-SPIP_335-UA/4.0.1.13681",
	    "Polycom", "IP 335", "4.0.1.13681", "");
	agent("PolycomSoundPointIP-SPIP_450-UA/4.1.4.7430_0004f2abcdef",
	    "Polycom", "IP 450", "4.1.4.7430", "00:04:f2:ab:cd:ef");
	agent("PolycomRealPresenceTrio-Trio_8800-UA/5.9.6.3432", "Polycom",
	    "Trio 8800", "5.9.6.3432", "");
	agent("AUDC-IPPhone/2.2.8.61 (440HDG-Rev0; 00908F602AAC)", "AudioCodes",
	    "440HDG", "2.2.8.61", "00:90:8f:60:2a:ac");
	agent("AUDC/3.4.6.604 AUDC-IPPhone-C450HD_UC_3.4.6.604/1", "AudioCodes",
	    "450HD", "3.4.6.604", "");
	CHECK(!phone_agent_parse("Mozilla/5.0 (X11; Linux x86_64)", &a) &&
	    a.model[0] == '\0', "a browser is not a phone");
	CHECK(!phone_agent_parse("Polycom-UA/", &a), "a cut-off Polycom "
	    "User-Agent is not recognised");
	CHECK(!phone_agent_parse(NULL, &a), "no User-Agent");

	CHECK(phone_agent_path_mac("/0004F2AABBCC.cfg", mac) &&
	    strcmp(mac, "00:04:f2:aa:bb:cc") == 0, "MAC from the master file");
	CHECK(phone_agent_path_mac("/overrides/0004f2aabbcc-phone.cfg", mac),
	    "MAC from an override upload");
	CHECK(phone_agent_path_mac("/logs/0004f2aabbcc-app.log", mac),
	    "MAC from an application log");
	CHECK(!phone_agent_path_mac("/000000000000.cfg", mac),
	    "000000000000 is the default file, not a phone");
	CHECK(!phone_agent_path_mac("/sip.cfg", mac), "sip.cfg names no phone");
	CHECK(!phone_agent_path_mac("/0004f2aabbcc.exe", mac),
	    "unknown suffix");

	clean("tftproot/0004f2000001.cfg", "tftproot/0004f2000001.cfg");
	clean("./a//b/./c.cfg", "a/b/c.cfg");
	clean("win\\dir\\sip.cfg", "win/dir/sip.cfg");
	clean("../evil.cfg", NULL);
	clean("a/../../evil.cfg", NULL);
	clean("/etc/passwd", NULL);
	clean("C:\\tftp\\x.cfg", NULL);
	clean("a/\x01.cfg", NULL);
	clean("", NULL);
	clean("./", NULL);

	CHECK(xml("<APPLICATION CONFIG_FILES=\"a.cfg, b.cfg\"/>", &at, err,
	    sizeof(err)) == 0 && strcmp(at.root, "APPLICATION") == 0 &&
	    strcmp(at.last, "CONFIG_FILES=a.cfg, b.cfg") == 0,
	    "a master file's attributes are read");
	CHECK(xml("<PHONE_CONFIG><ALL reg.1.address=\"1001\" "
	    "reg.1.label=\"Jane\"/></PHONE_CONFIG>", &at, err, sizeof(err)) ==
	    0 && at.n == 2, "attributes of nested elements are read");
	CHECK(xml("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]>"
	    "<x y=\"&a;\"/>", &at, err, sizeof(err)) != 0 && strstr(err,
	    "DOCTYPE") && at.n == 0, "a DOCTYPE (entities) is refused");
	CHECK(xml("<a b=\"1\"><c></a>", &at, err, sizeof(err)) != 0 &&
	    strstr(err, "line 1"), "malformed XML names the line");
	CHECK(xml("", &at, err, sizeof(err)) != 0, "an empty file is refused");
	big = malloc(64 * 40 + 1);
	for (i = 0; i < 40; i++)
		memcpy(big + i * 3, "<a>", 3);
	big[120] = '\0';
	CHECK(xml(big, &at, err, sizeof(err)) != 0 && strstr(err, "deeply"),
	    "deep nesting is refused");
	free(big);
	big = calloc(1, POLYCOM_XML_MAX + 2);
	memset(big, ' ', POLYCOM_XML_MAX + 1);
	CHECK(polycom_xml_read(big, POLYCOM_XML_MAX + 1, on_attr, &at, err,
	    sizeof(err)) != 0 && strstr(err, "larger"), "a file over 1 MiB "
	    "is refused");
	free(big);

	name("$FirstPrivateStation$", "Jane Doe", 1, "Jane Doe");
	name("$MAC$", "Jane Doe", 1, "0004f2008100");
	name("$FirstPrivateStation$-$MAC$-SecondFloor", "Jane", 1,
	    "Jane-0004f2008100-SecondFloor");
	name("ManagedPhone - $MAC$", "", 1, "ManagedPhone - 0004f2008100");
	name("SecondFloorPhone", "Jane", 1, "SecondFloorPhone_1");
	name("SecondFloorPhone", "Jane", 12, "SecondFloorPhone_12");
	name("Phone - mac", "Jane", 2, "Phone - mac_2");
	name("$firstprivatestation$", "Jane", 3, "$firstprivatestation$_3");
	name("$FirstPrivateStation$", "", 1, NULL);
	name("$MAC$$MAC$$MAC$$MAC$$MAC$$MAC$", "", 1, NULL);
	return test_done();
}

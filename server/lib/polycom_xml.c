/* Switchboard — Polycom configuration files read with expat. */
#include "polycom_xml.h"

#include <expat.h>
#include <stdio.h>

struct reader {
	XML_Parser		 p;
	polycom_xml_attr_fn	 fn;
	void			*arg;
	int			 depth;
	const char		*why;	/* our own reason to stop, or NULL */
};

static void
stop(struct reader *rd, const char *why)
{
	if (rd->why == NULL)
		rd->why = why;
	XML_StopParser(rd->p, XML_FALSE);
}

static void XMLCALL
on_start(void *arg, const XML_Char *el, const XML_Char **attr)
{
	struct reader *rd = arg;
	int i;

	if (rd->depth >= POLYCOM_XML_DEPTH) {
		stop(rd, "elements are nested too deeply");
		return;
	}
	for (i = 0; attr[i] && attr[i + 1]; i += 2)
		if (rd->fn(rd->arg, rd->depth, el, attr[i], attr[i + 1]) != 0) {
			stop(rd, "stopped");
			return;
		}
	rd->depth++;
}

static void XMLCALL
on_end(void *arg, const XML_Char *el)
{
	struct reader *rd = arg;

	(void)el;
	rd->depth--;
}

/* Configuration files never need a document type; refusing it rules out
 * entity expansion ("billion laughs") and external entities at once. */
static void XMLCALL
on_doctype(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	(void)name; (void)sysid; (void)pubid; (void)has_internal;
	stop(arg, "a DOCTYPE is not allowed in a phone configuration file");
}

int
polycom_xml_read(const char *buf, size_t len, polycom_xml_attr_fn fn,
    void *arg, char *err, size_t errlen)
{
	struct reader rd = { NULL, fn, arg, 0, NULL };
	enum XML_Status st;
	int rc = 0;

	if (len > POLYCOM_XML_MAX) {
		snprintf(err, errlen, "the file is larger than %d KiB",
		    POLYCOM_XML_MAX / 1024);
		return -1;
	}
	if ((rd.p = XML_ParserCreate("UTF-8")) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	XML_SetUserData(rd.p, &rd);
	XML_SetElementHandler(rd.p, on_start, on_end);
	XML_SetStartDoctypeDeclHandler(rd.p, on_doctype);
	XML_SetParamEntityParsing(rd.p, XML_PARAM_ENTITY_PARSING_NEVER);
	st = XML_Parse(rd.p, buf, (int)len, XML_TRUE);
	if (st != XML_STATUS_OK || rd.why) {
		snprintf(err, errlen, "line %lu: %s",
		    (unsigned long)XML_GetCurrentLineNumber(rd.p), rd.why ?
		    rd.why : XML_ErrorString(XML_GetErrorCode(rd.p)));
		rc = -1;
	}
	XML_ParserFree(rd.p);
	return rc;
}

/* Switchboard — reading Polycom configuration files: XML in which every
 * parameter is an attribute. Parsed with expat, bounded in size and depth;
 * a DOCTYPE (and so any entity declaration) is refused outright. */
#ifndef SB_POLYCOM_XML_H
#define SB_POLYCOM_XML_H

#include <stddef.h>

#define POLYCOM_XML_MAX (1024 * 1024)	/* bytes in one file */
#define POLYCOM_XML_DEPTH 16

/* Called for every attribute of every element, in document order; depth 0
 * is the root element. Return 0 to go on, -1 to stop (the read then fails
 * with the callback's reason left in err by the caller). */
typedef int (*polycom_xml_attr_fn)(void *arg, int depth, const char *element,
    const char *name, const char *value);

/* Read one file. Returns 0, or -1 with a reason (line number included)
 * in err. */
int	polycom_xml_read(const char *buf, size_t len, polycom_xml_attr_fn fn,
	    void *arg, char *err, size_t errlen);

#endif

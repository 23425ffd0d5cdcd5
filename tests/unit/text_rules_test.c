/* Unit tests of server/lib/text_rules.c: control characters and UTF-8. */
#include <stdlib.h>

#include "test.h"
#include "lib/text_rules.h"

#define PREFIX(s) text_rules_utf8_prefix(s, sizeof(s) - 1)

int
main(void)
{
	char *out;
	bool changed;

	CHECK(text_rules_plain("Front Desk \xc3\xa4") &&
	    text_rules_plain("a\tb"), "plain text, UTF-8 and tab pass");
	CHECK(!text_rules_plain("a\x01") && !text_rules_plain("\x1f") &&
	    !text_rules_plain("a\x7f") && !text_rules_plain("a\nb") &&
	    !text_rules_plain("a\rb"), "C0 controls, DEL and line breaks do "
	    "not");
	CHECK(text_rules_control("ab\ncd", true) == NULL &&
	    text_rules_control("ab\n\x02", true) != NULL &&
	    *text_rules_control("ab\n\x02", true) == 2,
	    "text of several lines takes line breaks, not other controls");
	CHECK(PREFIX("plain \xc3\xa4\xe2\x82\xac\xf0\x9f\x98\x80") == 15,
	    "two, three and four byte sequences are UTF-8");
	CHECK(PREFIX("ab\xc0\xaf") == 2 && PREFIX("ab\xc1\xbf") == 2 &&
	    PREFIX("ab\xe0\x80\xaf") == 2 && PREFIX("ab\xf0\x80\x80\xaf") ==
	    2, "overlong forms are not");
	CHECK(PREFIX("ab\xed\xa0\x80") == 2 && PREFIX("ab\xed\xbf\xbf") == 2 &&
	    PREFIX("\xed\x9f\xbf") == 3, "surrogates are not (U+D7FF is)");
	CHECK(PREFIX("ab\xf4\x90\x80\x80") == 2 && PREFIX("\xf4\x8f\xbf\xbf")
	    == 4 && PREFIX("ab\xf5\x80\x80\x80") == 2,
	    "nothing past U+10FFFF");
	CHECK(PREFIX("ab\xe2\x82") == 2 && PREFIX("ab\xe2\x82x") == 2 &&
	    PREFIX("ab\x80") == 2 && PREFIX("ab\xff") == 2,
	    "sequences cut short, lone continuations, FF");
	out = text_rules_utf8_repair("N\xc0\xafx\xe2\x82", 6, &changed);
	CHECK(changed && strcmp(out, "N\xef\xbf\xbd\xef\xbf\xbdx\xef\xbf\xbd"
	    "\xef\xbf\xbd") == 0, "repair: each bad byte becomes U+FFFD");
	free(out);
	out = text_rules_utf8_repair("a\0b", 3, &changed);
	CHECK(changed && strcmp(out, "a\xef\xbf\xbd" "b") == 0,
	    "repair: NUL too");
	free(out);
	out = text_rules_utf8_repair("ok \xc3\xa4", 5, &changed);
	CHECK(!changed && strcmp(out, "ok \xc3\xa4") == 0,
	    "repair: UTF-8 text is kept as it is");
	free(out);
	return test_done();
}

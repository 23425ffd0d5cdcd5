/* Unit tests of server/lib/csv_list.c: what spreadsheets really write, and
 * hostile files. */
#include <stdlib.h>

#include "lib/csv_list.h"
#include "test.h"

struct seen {
	int	rows;
	char	last[COL_COUNT][128];
	int	last_row;
	unsigned last_not_text;
};

static int
on_row(void *arg, int row, const char *v[COL_COUNT], unsigned not_text)
{
	struct seen *s = arg;
	int c;

	s->rows++;
	s->last_row = row;
	s->last_not_text = not_text;
	for (c = 0; c < COL_COUNT; c++)
		snprintf(s->last[c], sizeof(s->last[c]), "%s", v[c]);
	return 0;
}

/* Feed text in chunks of step bytes. Returns 0 or -1; fills s. */
static int
run(const char *text, size_t len, size_t step, struct seen *s,
    enum csv_list_kind *kind, char *severe)
{
	struct csv_list *l = csv_list_new(on_row, s);
	size_t at;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	for (at = 0; at < len && rc == 0; at += step)
		rc = csv_list_feed(l, text + at, len - at < step ? len - at :
		    step);
	if (rc == 0)
		rc = csv_list_finish(l);
	*kind = csv_list_kind(l);
	snprintf(severe, 256, "%s", csv_list_severe(l) ? csv_list_severe(l) :
	    "");
	csv_list_free(l);
	return rc;
}

#define RUN(t, step) run(t, strlen(t), step, &s, &kind, severe)

int
main(void)
{
	struct seen s;
	enum csv_list_kind kind;
	char severe[256], *big;
	size_t i;

	CHECK(RUN("Name,Template,Proxy Group,Extension,Identification Address,"
	    "Label,Address\r\nPolycomLobby1,My Polycom SA Template,,7101,,"
	    "Lobby,0004F2AABBCC\r\n", 7) == 0 && kind == CSV_LIST_TEMPLATE &&
	    s.rows == 1 && strcmp(s.last[COL_ADDRESS], "0004F2AABBCC") == 0 &&
	    s.last_row == 2, "the Template list, CRLF, fed in small chunks");
	CHECK(RUN("\xef\xbb\xbfname;TYPE;manufacturer;Model\nA;workstation;"
	    "Polycom;VVX 410\n\nB;Workstation;Polycom;IP330\n", 3) == 0 &&
	    kind == CSV_LIST_TMM && s.rows == 2 && s.last_row == 4 &&
	    strcmp(s.last[COL_NAME], "B") == 0,
	    "BOM, ';' delimiter, any letter case, a blank line skipped");
	CHECK(RUN("Name,Type,Manufacturer,Model,Label\n\"Lobby, East\",Workstation"
	    ",Polycom,IP330,\"say \"\"hi\"\"\nthere\"\n", 1000) == 0 &&
	    strcmp(s.last[COL_NAME], "Lobby, East") == 0 &&
	    strcmp(s.last[COL_LABEL], "say \"hi\"\nthere") == 0,
	    "quoted fields with commas, quotes and line breaks");
	CHECK(RUN("Name,Type,Manufacturer,Model,,,\nA,Workstation,Polycom,IP330"
	    ",,,\n", 1000) == 0 && s.rows == 1, "trailing empty columns");
	CHECK(RUN("Name,Type,Manufacturer,Model\nA,Workstation,Polycom,IP330,"
	    "EXTRA\n", 1000) == 0 && strcmp(s.last[COL_NAME], "A") == 0,
	    "a row with more fields than the header keeps its Name");
	CHECK(RUN("Name,Type,Manufacturer,Model", 1000) == 0 && s.rows == 0,
	    "a header without rows and without a final line break");
	CHECK(RUN("", 10) == -1 && strstr(severe, "empty"),
	    "severe: an empty file");
	CHECK(RUN("foo,bar\n1,2\n", 10) == -1 && strstr(severe, "No known "
	    "columns"), "severe: no known columns");
	CHECK(RUN("Name,Type,Model\nA,Workstation,IP330\n", 10) == -1 &&
	    strstr(severe, "'Manufacturer' is missing"),
	    "severe: a missing required column, named");
	CHECK(RUN("Name,Name,Template\n", 10) == -1 && strstr(severe, "twice"),
	    "severe: a column twice");
	CHECK(run("Name,Template\n\x00\x01\x02\xff\xfe,x\n", 22, 4, &s, &kind,
	    severe) == 0 && s.rows == 1 && s.last_not_text == 1u << COL_NAME &&
	    strcmp(s.last[COL_NAME], "\xef\xbf\xbd\x01\x02\xef\xbf\xbd"
	    "\xef\xbf\xbd") == 0 && strcmp(s.last[COL_TEMPLATE], "x") == 0,
	    "binary bytes: the row's column is marked, U+FFFD in their place");
	CHECK(RUN("Name,Type,Manufacturer,Model,Label\nA\xc0\xaf,Workstation,"
	    "Polycom,IP330,L\xed\xa0\x80\n", 5) == 0 && s.last_not_text ==
	    ((1u << COL_NAME) | (1u << COL_LABEL)) && strcmp(s.last[COL_NAME],
	    "A\xef\xbf\xbd\xef\xbf\xbd") == 0,
	    "an overlong form and a surrogate mark their columns");
	CHECK(RUN("Name,Type,Manufacturer,Model\nA\xe2\x82", 5) == 0 &&
	    s.last_not_text == 1u << COL_NAME,
	    "a sequence cut short by the end of the file");
	CHECK(RUN("N\xff" "ame,Type,Manufacturer,Model,\xff\nA,Workstation,"
	    "Polycom,IP330,x\n", 5) == -1 && strstr(severe, "'Name' is "
	    "missing"), "a header that is not UTF-8 names no column");
	CHECK(RUN("Name,Type,Manufacturer,Model\nA,Workstation,Polycom,IP330\n",
	    7) == 0 && s.last_not_text == 0, "UTF-8 rows mark nothing");
	big = malloc(200000);
	strcpy(big, "Name,Template\n\"");
	for (i = strlen(big); i < 199990; i++)
		big[i] = 'x';
	big[i] = '\0';
	CHECK(RUN(big, 4096) == -1 && strstr(severe, "16 KiB"),
	    "severe: one huge field (memory stays capped)");
	strcpy(big, "Name");
	for (i = 0; i < 10000; i++)
		strcat(big, ",c");
	CHECK(RUN(big, 4096) == -1 && strstr(severe, "64 columns"),
	    "severe: 10,000 columns");
	free(big);
	/* A quote left open would swallow every row after it. */
	CHECK(RUN("Name,Type,Manufacturer,Model\nA,\"Workstation,Polycom,"
	    "IP330\nB,Workstation,Polycom,IP330\n", 7) == -1 &&
	    strstr(severe, "not valid CSV near row 2"),
	    "severe: an unclosed quote, with its row");
	CHECK(RUN("Name,Type,Manufacturer,Model\nA,Work\"station,Polycom,"
	    "IP330\n", 5) == -1 && strstr(severe, "not valid CSV"),
	    "severe: a quote inside a field");
	CHECK(RUN("Name,Type,Manufacturer,Model\n\"A, the first\",Workstation,"
	    "Polycom,IP330\n", 3) == 0 && s.rows == 1, "a quoted comma is fine");
	return test_done();
}

/* check_order.c: the order for a stock check, block by block
 * (check_order.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_order.h"
#include "form.h"
#include "inventar/util.h"

/* One numbered point of what is ordered: "N. text". */
static void point(doc *d, size_t *n, const char *text)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%zu. %s", ++*n, text);
    doc_flow_paragraph(d, buf, 10);
}

inv_status check_order_write_pdf(const check_order_spec *s, const char *path, inv_err *e)
{
    /* TRANSLATORS: the title of the written order for a stock check. */
    const char *title = _("ORDER");
    doc *d = NULL;
    inv_status rc = form_begin(&d, s->font, title, s->author, e);
    if (rc != INV_OK) return rc;

    char sub[256];
    snprintf(sub, sizeof sub, _("No. %1$s of %2$s"), s->number, s->date);
    form_title(d, title, sub);
    /* TRANSLATORS: what a stock check's order is about, under its
     * number. */
    doc_flow_title(d, _("for a stock check"), 11, DOC_CENTER);
    doc_flow_skip(d, 6);

    const char *facts[] = {
        /* TRANSLATORS: the grounds of an order (the text the user
         * recorded with --order). */
        _("Basis"), s->basis,
    };
    form_facts(d, facts, 1, 10);

    /* TRANSLATORS: the word before the points of an order ("I
     * order:"). */
    doc_flow_title(d, _("I ORDER:"), 11, DOC_LEFT);
    doc_flow_skip(d, 4);

    sbuf members = {0};
    for (size_t i = 0; i < s->nmembers; i++) {
        if (!s->members[i] || !*s->members[i]) continue;
        if (members.len) sbuf_add(&members, ", ");
        sbuf_add(&members, s->members[i]);
    }
    size_t n = 0;
    char buf[2048];
    /* TRANSLATORS: a point of a stock check's order; %s is the office
     * ("ДСП Ловеч (DSP-LOV)", maybe "with its sub-offices"). */
    snprintf(buf, sizeof buf, _("A stock check of the assets of %s is to be carried out."),
             s->office);
    point(d, &n, buf);
    /* TRANSLATORS: a point of a stock check's order; %s is a date. */
    snprintf(buf, sizeof buf, _("The check starts on %s and covers the assets recorded "
                                "there on that day."), s->start);
    point(d, &n, buf);
    if (*s->chair || members.len) {
        /* TRANSLATORS: a point of a stock check's order, followed by the
         * chair and the members. */
        point(d, &n, _("I appoint a commission to carry out the check:"));
        const char *com[] = {
            _("Chair of the commission"), s->chair,
            _("Members of the commission"), sbuf_str(&members),
        };
        form_facts(d, com, 2, 10);
    }
    if (*s->mol) {
        /* TRANSLATORS: a point of a stock check's order; %s is the
         * materially responsible person (МОЛ). */
        snprintf(buf, sizeof buf, _("The materially responsible person, %s, is to be present "
                                    "at the check."), s->mol);
        point(d, &n, buf);
    }
    /* TRANSLATORS: the last point of a stock check's order. */
    point(d, &n, _("The commission records what it finds in an inventory list and a record "
                   "of shortages and surpluses, signs them and hands them in when the check "
                   "is closed."));
    sbuf_free(&members);

    /* The one who orders: not recorded, a line to sign by hand. */
    /* TRANSLATORS: the signature line of the one who issues an order. */
    const char *dir[] = {_("Director:")};
    doc_flow_skip(d, 6);
    form_signatures(d, dir, NULL, 1, 10);

    /* The commission and the МОЛ acknowledge it. */
    size_t ns = 1 + (s->nmembers ? s->nmembers : 2) + (*s->mol ? 1 : 0);
    const char **caps = calloc(ns, sizeof *caps), **names = calloc(ns, sizeof *names);
    if (!caps || !names) abort();
    size_t k = 0;
    caps[k] = _("Chair:");
    names[k++] = s->chair;
    for (size_t i = 0; i < (s->nmembers ? s->nmembers : 2); i++) {
        caps[k] = _("Member:");
        names[k++] = s->nmembers ? s->members[i] : NULL;
    }
    if (*s->mol) {
        caps[k] = _("MRP:");
        names[k++] = s->mol;
    }
    /* TRANSLATORS: above the signatures of those an order concerns. */
    doc_flow_title(d, _("Acknowledged the order:"), 10, DOC_LEFT);
    form_signatures(d, caps, names, k, 10);
    free(caps);
    free(names);

    if (s->head && *s->head) {
        char head[256];
        snprintf(head, sizeof head, _("State of the history: No. %s"), s->head);
        form_note(d, head, 7.5);
    }

    form_frame f = {s->agency, s->number, _("No."), _("page %1$zu of %2$zu")};
    return form_finish(d, &f, path, e);
}

/* status.c - selfnorm's status codes: GSL's, checked to be equal, and the messages. */
#include <gsl/gsl_errno.h>
#include "selfnorm/status.h"

/* Each SN_ code is GSL's code of the same name: a changed value fails the build here. */
#define SAME_AS_GSL(name) _Static_assert((int)SN_##name == (int)GSL_##name, "SN_" #name " != GSL_" #name)
SAME_AS_GSL(SUCCESS);  SAME_AS_GSL(FAILURE);  SAME_AS_GSL(CONTINUE); SAME_AS_GSL(EDOM);
SAME_AS_GSL(ERANGE);   SAME_AS_GSL(EFAULT);   SAME_AS_GSL(EINVAL);   SAME_AS_GSL(EFAILED);
SAME_AS_GSL(EFACTOR);  SAME_AS_GSL(ESANITY);  SAME_AS_GSL(ENOMEM);   SAME_AS_GSL(EBADFUNC);
SAME_AS_GSL(ERUNAWAY); SAME_AS_GSL(EMAXITER); SAME_AS_GSL(EZERODIV); SAME_AS_GSL(EBADTOL);
SAME_AS_GSL(ETOL);     SAME_AS_GSL(EUNDRFLW); SAME_AS_GSL(EOVRFLW);  SAME_AS_GSL(ELOSS);
SAME_AS_GSL(EROUND);   SAME_AS_GSL(EBADLEN);  SAME_AS_GSL(ENOTSQR);  SAME_AS_GSL(ESING);
SAME_AS_GSL(EDIVERGE); SAME_AS_GSL(EUNSUP);   SAME_AS_GSL(EUNIMPL);  SAME_AS_GSL(ECACHE);
SAME_AS_GSL(ETABLE);   SAME_AS_GSL(ENOPROG);  SAME_AS_GSL(ENOPROGJ); SAME_AS_GSL(ETOLF);
SAME_AS_GSL(ETOLX);    SAME_AS_GSL(ETOLG);    SAME_AS_GSL(EOF);

/* selfnorm's own codes, then GSL's */
static const struct {
    int status;
    const char *message;
} own_messages[] = {
    { SN_ENOSOLUTION, "no alpha > 0, lambda > 0 make the target a fixed point" },
    { SN_EUNDECIDED, "undecided: the working precision ran out before the result was certified" },
    { SN_ESTOPPED, "stopped by the caller" },
};

const char *sn_strerror(int status)
{
    for (size_t i = 0; i < sizeof own_messages / sizeof own_messages[0]; i++)
        if (own_messages[i].status == status) return own_messages[i].message;
    if (status >= SN_CONTINUE && status <= SN_EOF) return gsl_strerror(status);
    return "unknown status";
}

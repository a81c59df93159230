/* selfnorm.h - everything: the numerical analysis of self-normalizing networks
 * (Klambauer et al., "Self-Normalizing Neural Networks", NeurIPS 2017). */
#ifndef SELFNORM_H
#define SELFNORM_H

#define SELFNORM_VERSION "0.1.0"

#include "selfnorm/selu.h"
#include "selfnorm/normal.h"
#include "selfnorm/moments.h"
#include "selfnorm/precise.h"
#include "selfnorm/constants.h"
#include "selfnorm/dropout.h"
#include "selfnorm/fixedpoint.h"
#include "selfnorm/activation.h"
#include "selfnorm/theorems.h"
#include "selfnorm/init.h"
#include "selfnorm/propagate.h"
#include "selfnorm/mlp.h"
#include "selfnorm/train.h"
#include "selfnorm/dataset.h"
#include "selfnorm/npy.h"
#include "selfnorm/certify.h"
#include "selfnorm/atlas.h"
#include "selfnorm/decimal.h"
#include "selfnorm/certificate.h"
#include "selfnorm/status.h"
#include "selfnorm/abi.h"
#include "selfnorm/verify.h"

#endif

/* newsmark.h — the Newsmark core: GTK-free document library */
#pragma once

#define NEWSMARK_INSIDE
#include "newsmark-types.h"
#include "newsmark-document.h"
#include "newsmark-document-path.h"
#include "newsmark-schema.h"
#include "newsmark-span.h"
#include "newsmark-relation.h"
#include "newsmark-annotation-set.h"
#include "newsmark-io.h"
#include "newsmark-utf.h"
#include "newsmark-words.h"
#include "newsmark-places.h"
#include "newsmark-suggest.h"
#include "newsmark-formats.h"
#include "newsmark-agreement.h"
#include "newsmark-corpus.h"
#include "newsmark-corpus-search.h"
#include "newsmark-corpus-split.h"
#include "newsmark-corpus-export.h"
#include "newsmark-corpus-report.h"
#undef NEWSMARK_INSIDE
